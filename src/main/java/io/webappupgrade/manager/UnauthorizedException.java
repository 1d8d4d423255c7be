package io.webappupgrade.manager;

/** 401: the credentials were refused (wrong, expired, or missing). */
public class UnauthorizedException extends ManagerException {

    public UnauthorizedException(String message, int status, String errorCode) {
        super(message, status, errorCode);
    }
}
