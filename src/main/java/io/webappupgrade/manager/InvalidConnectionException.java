package io.webappupgrade.manager;

/** The manager's address, tenant or credentials could not be worked out; the message says which input and why. */
public class InvalidConnectionException extends IllegalArgumentException {

    public InvalidConnectionException(String message) {
        super(message);
    }
}
