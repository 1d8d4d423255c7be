package io.webappupgrade.manager;

/** 403: the user may not do this, or has no role in the tenant. */
public class ForbiddenException extends ManagerException {

    public ForbiddenException(String message, int status, String errorCode) {
        super(message, status, errorCode);
    }
}
