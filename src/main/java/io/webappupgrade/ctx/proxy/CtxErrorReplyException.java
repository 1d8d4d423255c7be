package io.webappupgrade.ctx.proxy;

/**
 * The ctx proxy answered with an error: the call reached Cloudify's context and failed there
 * (an unknown attribute, a missing property path, a resource that does not exist, ...).
 * Python's traceback is kept apart from the message so logs stay readable.
 */
public final class CtxErrorReplyException extends CtxProxyException {

    private final String errorType;
    private final String traceback;

    public CtxErrorReplyException(String call, String errorType, String message, String traceback) {
        super("ctx " + call + " failed: " + errorType + ": " + message, null);
        this.errorType = errorType;
        this.traceback = traceback;
    }

    /** The Python exception type Cloudify reported, for example {@code RuntimeError}. */
    public String errorType() {
        return errorType;
    }

    public String traceback() {
        return traceback;
    }
}
