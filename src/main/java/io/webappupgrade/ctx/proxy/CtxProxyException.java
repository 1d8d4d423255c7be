package io.webappupgrade.ctx.proxy;

/** A ctx proxy call did not give a result. */
public class CtxProxyException extends RuntimeException {

    public CtxProxyException(String message, Throwable cause) {
        super(message, cause);
    }
}
