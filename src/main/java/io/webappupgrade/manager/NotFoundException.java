package io.webappupgrade.manager;

/** 404: no such deployment, node instance, execution or path. */
public class NotFoundException extends ManagerException {

    public NotFoundException(String message, int status, String errorCode) {
        super(message, status, errorCode);
    }
}
