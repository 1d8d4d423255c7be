package io.webappupgrade.ctx.proxy;

/** The ctx proxy did not answer (not listening, connection dropped, timed out, not JSON). */
public final class CtxProxyUnreachableException extends CtxProxyException {

    public CtxProxyUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
