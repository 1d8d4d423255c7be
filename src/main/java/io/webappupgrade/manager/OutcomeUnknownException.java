package io.webappupgrade.manager;

/**
 * A request that changes something was sent, but no reply says whether the manager applied it
 * (dropped connection, timeout, a gateway error from a proxy). Such a request is looked up, never
 * sent again blindly.
 */
class OutcomeUnknownException extends ManagerUnreachableException {

    OutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
