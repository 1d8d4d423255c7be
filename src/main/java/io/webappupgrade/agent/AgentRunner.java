package io.webappupgrade.agent;

import io.webappupgrade.ctx.NonRecoverableError;
import io.webappupgrade.ctx.RecoverableError;
import io.webappupgrade.ctx.proxy.OperationStoppedException;
import io.webappupgrade.ctx.proxy.ProxyOperationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one operation against Cloudify's ctx proxy and turns its outcome into Cloudify's:
 * success; a bad input or {@link NonRecoverableError} records an abort (no retry); a
 * {@link RecoverableError} with a delay records a retry after that delay; anything else is a
 * plain failure that Cloudify may retry.
 */
public final class AgentRunner {

    private static final Logger log = LoggerFactory.getLogger(AgentRunner.class);

    public ExitCode run(OperationSpec spec, ProxyOperationContext ctx) {
        try {
            spec.body().run(ctx);
            return ExitCode.OK;
        } catch (OperationStoppedException e) {
            // Cloudify has recorded an outcome already; nothing more may be said.
            return ExitCode.STOPPED;
        } catch (NonRecoverableError | IllegalArgumentException e) {
            log.error("{} failed: {}", spec.name(), e.getMessage());
            ctx.abort(e.getMessage());
            return ExitCode.NON_RECOVERABLE_FAILURE;
        } catch (RecoverableError e) {
            log.error("{} failed: {}", spec.name(), e.getMessage());
            if (e.retryAfter().isPresent()) {
                ctx.retry(e.getMessage(), e.retryAfter().get());
                return ExitCode.RETRY_REQUESTED;
            }
            return ExitCode.RECOVERABLE_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("{} was interrupted", spec.name());
            return ExitCode.RECOVERABLE_FAILURE;
        } catch (Exception e) {
            log.error("{} failed: {}: {}", spec.name(), e.getClass().getSimpleName(), e.getMessage());
            return ExitCode.RECOVERABLE_FAILURE;
        }
    }
}
