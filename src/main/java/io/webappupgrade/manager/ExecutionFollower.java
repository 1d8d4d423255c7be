package io.webappupgrade.manager;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Follows an execution to its end the way {@code cfy executions start} does: polls its status,
 * and after each poll hands over the events and logs written since. Polls ride out dropped
 * connections and gateway errors (the client's read retries). An interrupted caller gets the
 * execution cancelled on the manager before it hears {@link InterruptedException}.
 */
public final class ExecutionFollower {

    private final ManagerClient client;
    private final Duration pollInterval;
    private final Logger log;

    public ExecutionFollower(ManagerClient client, Duration pollInterval, Logger log) {
        this.client = Objects.requireNonNull(client, "client");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Waits until {@code execution} has ended and returns it as it ended.
     *
     * @param events receives each event and log line once, oldest first; what it throws is ignored
     * @throws InterruptedException when the calling thread was interrupted; the execution was asked to cancel
     * @throws ManagerException     when the manager could not be asked any more (the execution may go on)
     */
    public Execution follow(Execution execution, Consumer<ManagerEvent> events) throws InterruptedException {
        Execution current = execution;
        int seen = 0;
        try {
            while (!current.hasEnded()) {
                Thread.sleep(pollInterval.toMillis());
                current = client.execution(current.id());
                seen = relay(current.id(), seen, events);
            }
            relay(current.id(), seen, events);
            return current;
        } catch (InterruptedException e) {
            cancel(current);
            throw e;
        } catch (ManagerException e) {
            if (Thread.interrupted()) {
                cancel(current);
                throw new InterruptedException("interrupted while following execution " + current.id());
            }
            throw e;
        }
    }

    /** Asks the manager to cancel; a failure is logged, since the caller is already on its way out. */
    public void cancel(Execution execution) {
        boolean interrupted = Thread.interrupted();
        try {
            client.cancelExecution(execution.id());
            log.warn("asked the manager to cancel execution {} ({} on {})", execution.id(), execution.workflowId(),
                    execution.deploymentId());
        } catch (ManagerException e) {
            log.error("could not cancel execution {}: {}; it may still be running (cfy executions cancel {})",
                    execution.id(), e.getMessage(), execution.id());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int relay(String executionId, int seen, Consumer<ManagerEvent> events) {
        int offset = seen;
        try {
            while (true) {
                ManagerClient.EventPage page = client.events(executionId, offset);
                for (ManagerEvent e : page.events()) {
                    try {
                        events.accept(e);
                    } catch (RuntimeException ignored) {
                        // a lost event must not stop the following
                    }
                }
                offset += page.events().size();
                if (page.events().isEmpty() || offset >= page.total()) {
                    return offset;
                }
            }
        } catch (ManagerException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            log.warn("events of execution {} could not be read ({}); they are still on the manager", executionId,
                    e.getMessage());
            return offset;
        }
    }
}
