package io.webappupgrade.manager;

/** 409: the stored object changed since it was read (for example a newer node-instance version). */
public class ConflictException extends ManagerException {

    public ConflictException(String message, int status, String errorCode) {
        super(message, status, errorCode);
    }
}
