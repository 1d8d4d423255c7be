package io.webappupgrade.manager;

/** 5xx (other than maintenance mode), or a reply that is not the REST API's JSON (an HTML error page). */
public class ServerErrorException extends ManagerException {

    public ServerErrorException(String message, int status, String errorCode) {
        super(message, status, errorCode);
    }
}
