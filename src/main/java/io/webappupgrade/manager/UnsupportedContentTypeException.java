package io.webappupgrade.manager;

/** 415: the manager refused the request's {@code Content-Type}. */
public class UnsupportedContentTypeException extends ManagerException {

    public UnsupportedContentTypeException(String message, int status, String errorCode) {
        super(message, status, errorCode);
    }
}
