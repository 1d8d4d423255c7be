package io.webappupgrade.webapp;

import io.webappupgrade.ctx.NonRecoverableError;

/** The app could not be started or never became healthy; the message says what was last seen. */
public final class AppStartError extends NonRecoverableError {

    public AppStartError(String message) {
        super(message);
    }
}
