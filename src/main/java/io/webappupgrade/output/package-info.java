/**
 * A run's progress as people read it: {@link io.webappupgrade.output.ConsoleProgressListener}
 * (the terminal, with colour when it is one) and {@link io.webappupgrade.output.EventStreamListener}
 * (Cloudify events), both {@link io.webappupgrade.rollout.RolloutListener}s sharing the words of
 * {@code ProgressText}. The engine knows only the listener interface.
 */
package io.webappupgrade.output;
