package io.webappupgrade.ctx.proxy;

/**
 * Cloudify answered {@code stop_operation}: an abort or retry has been recorded for this
 * operation, and the process must end now without further calls.
 */
public final class OperationStoppedException extends CtxProxyException {

    public OperationStoppedException(String message) {
        super(message, null);
    }
}
