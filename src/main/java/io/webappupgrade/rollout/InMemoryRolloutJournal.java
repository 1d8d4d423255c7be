package io.webappupgrade.rollout;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A journal that lives as long as the process: for runs that cannot resume anyway, and tests. */
public final class InMemoryRolloutJournal implements RolloutJournal {

    private final Map<JournalKey, JournalState> states = new ConcurrentHashMap<>();

    @Override
    public Optional<JournalState> load(JournalKey key) {
        return Optional.ofNullable(states.get(key));
    }

    @Override
    public void save(JournalKey key, JournalState state) {
        states.put(key, state);
    }

    @Override
    public void clear(JournalKey key) {
        states.remove(key);
    }
}
