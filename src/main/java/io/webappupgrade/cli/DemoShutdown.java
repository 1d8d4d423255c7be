package io.webappupgrade.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during the demo: the hook interrupts the demo's thread and holds the JVM up (at most a
 * minute) until that thread says its cleanup is done, so nothing it started is left running.
 */
final class DemoShutdown {

    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook;

    private DemoShutdown(Thread worker) {
        hook = new Thread(() -> {
            worker.interrupt();
            try {
                cleanedUp.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
    }

    /** Installs the hook for the calling thread. */
    static DemoShutdown install() {
        DemoShutdown shutdown = new DemoShutdown(Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(shutdown.hook);
        return shutdown;
    }

    /** The cleanup is done: a waiting hook lets the JVM end, and a later Ctrl-C needs no hook. */
    void cleanedUp() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is what let this cleanup finish
        }
    }
}
