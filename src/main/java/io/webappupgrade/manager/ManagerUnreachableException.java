package io.webappupgrade.manager;

/** No usable reply: the connection failed, timed out or was dropped, also after the retries allowed. */
public class ManagerUnreachableException extends ManagerException {

    public ManagerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
