package io.webappupgrade.haproxy;

import java.util.OptionalLong;

/** Starts, reloads and stops HAProxy: either as our own daemon or as a system service. */
public interface HaproxyRunner {

    /**
     * Starts HAProxy with the current config and returns once its runtime API answers; when it
     * already runs, only makes sure that API answers.
     */
    void start();

    /** Makes HAProxy read the current config again without dropping connections. */
    void reload();

    /** Stops HAProxy; nothing when it is not running. */
    void stop();

    /** The pid of HAProxy's master process, when known and running. */
    OptionalLong pid();
}
