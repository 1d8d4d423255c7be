package io.webappupgrade.rollout;

import java.util.Optional;

/**
 * Where a run keeps its {@link JournalState} so that a run killed half-way can be resumed by
 * starting it again with the same parameters. Implementations must make {@link #save} durable
 * and all-or-nothing: a reader sees the previous state or the new one, never a mix.
 */
public interface RolloutJournal {

    Optional<JournalState> load(JournalKey key);

    void save(JournalKey key, JournalState state);

    /** Forgets the state; a no-op when there is none. */
    void clear(JournalKey key);
}
