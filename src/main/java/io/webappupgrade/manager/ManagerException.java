package io.webappupgrade.manager;

/**
 * The manager refused or failed a request, or could not be reached. Subclasses name the kind;
 * {@link #status()} and {@link #errorCode()} carry what the manager said (0 and empty when it
 * said nothing). Messages never contain a password or token.
 */
public class ManagerException extends RuntimeException {

    private final int status;
    private final String errorCode;

    public ManagerException(String message, int status, String errorCode) {
        super(message);
        this.status = status;
        this.errorCode = errorCode == null ? "" : errorCode;
    }

    public ManagerException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.errorCode = "";
    }

    /** The HTTP status, 0 when there was no reply. */
    public int status() {
        return status;
    }

    /** Cloudify's {@code error_code}, empty when the reply had none. */
    public String errorCode() {
        return errorCode;
    }
}
