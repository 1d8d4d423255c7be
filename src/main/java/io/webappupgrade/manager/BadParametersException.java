package io.webappupgrade.manager;

/** 400: the manager refused the request's parameters. */
public class BadParametersException extends ManagerException {

    public BadParametersException(String message, int status, String errorCode) {
        super(message, status, errorCode);
    }
}
