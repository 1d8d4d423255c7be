package io.webappupgrade.agent;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The operations the agent jar answers to, by name. */
public final class OperationRegistry {

    private final Map<String, OperationSpec> byName;

    public OperationRegistry(Collection<OperationSpec> operations) {
        Map<String, OperationSpec> map = new LinkedHashMap<>();
        for (OperationSpec op : operations) {
            if (map.putIfAbsent(op.name(), op) != null) {
                throw new IllegalArgumentException("operation '" + op.name() + "' is registered twice");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    public Optional<OperationSpec> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<OperationSpec> all() {
        return byName.values();
    }
}
