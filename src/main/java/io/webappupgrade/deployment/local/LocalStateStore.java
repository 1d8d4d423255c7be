package io.webappupgrade.deployment.local;

import io.webappupgrade.json.JsonValues;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The state of a local deployment in one JSON file: each instance's lifecycle state and runtime
 * properties, what Cloudify keeps in its database. Written whole and atomically after each change.
 */
final class LocalStateStore {

    /** One instance's stored state. */
    record InstanceState(String state, Map<String, Object> runtimeProperties) {
    }

    private final Path file;
    private final JsonValues json;
    private final Map<String, InstanceState> instances;
    /** Whether the last write failed, so the file may be behind what is recorded here. */
    private boolean unsaved;

    private LocalStateStore(Path file, JsonValues json, Map<String, InstanceState> instances) {
        this.file = file;
        this.json = json;
        this.instances = instances;
    }

    static LocalStateStore open(Path file) {
        // Jackson's streaming core, not data binding: a new ObjectMapper alone costs a cold command
        // about 0.1 s before its first step, and the first use of one as much again
        JsonValues json = new JsonValues();
        Map<String, InstanceState> instances = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try {
                instances.putAll(read(json, Files.readString(file)));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("state file " + file + " cannot be read: " + e.getMessage()
                        + " (remove it only if nothing from this deployment is running)", e);
            }
        }
        return new LocalStateStore(file, json, instances);
    }

    /** The file as {@link #save} writes it. */
    private static Map<String, InstanceState> read(JsonValues json, String text) throws IOException {
        if (!(json.read(text) instanceof Map<?, ?> all)) {
            throw new IOException("expected an object of instance ids");
        }
        Map<String, InstanceState> instances = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : all.entrySet()) {
            String id = String.valueOf(entry.getKey());
            if (!(entry.getValue() instanceof Map<?, ?> stored)) {
                throw new IOException("instance '" + id + "' is not an object");
            }
            for (Object field : stored.keySet()) {
                if (!"state".equals(field) && !"runtimeProperties".equals(field)) {
                    throw new IOException("instance '" + id + "' has an unknown field '" + field
                            + "' (allowed: state, runtimeProperties)");
                }
            }
            Object state = stored.get("state");
            Object properties = stored.get("runtimeProperties");
            if (state != null && !(state instanceof String)) {
                throw new IOException("instance '" + id + "': state is not text");
            }
            if (properties != null && !(properties instanceof Map)) {
                throw new IOException("instance '" + id + "': runtimeProperties is not an object");
            }
            instances.put(id, new InstanceState((String) state, properties == null ? new LinkedHashMap<>()
                    : stringKeys((Map<?, ?>) properties)));
        }
        return instances;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }

    Path file() {
        return file;
    }

    synchronized InstanceState get(String instanceId) {
        return instances.getOrDefault(instanceId, new InstanceState("uninitialized", Map.of()));
    }

    synchronized void putRuntimeProperties(String instanceId, Map<String, Object> properties) {
        put(instanceId, new InstanceState(get(instanceId).state(), new LinkedHashMap<>(properties)));
    }

    /** Sets (or, with a null value, removes) one top-level runtime property, keeping the others as they are now. */
    synchronized void putRuntimeProperty(String instanceId, String key, Object valueOrNull) {
        Map<String, Object> properties = new LinkedHashMap<>(get(instanceId).runtimeProperties());
        if (valueOrNull == null) {
            properties.remove(key);
        } else {
            properties.put(key, valueOrNull);
        }
        putRuntimeProperties(instanceId, properties);
    }

    synchronized void putState(String instanceId, String state) {
        put(instanceId, new InstanceState(state, get(instanceId).runtimeProperties()));
    }

    /**
     * Records {@code next} and writes the file, unless the file already says exactly that: an
     * operation persists its properties, and the deployment its state, several times per step, and
     * each write is the whole file (every instance's state, tens of kilobytes on a larger topology).
     */
    private void put(String instanceId, InstanceState next) {
        if (!unsaved && next.equals(instances.get(instanceId))) {
            return;
        }
        instances.put(instanceId, next);
        save();
    }

    /** The instances this file records, whatever their state. */
    synchronized Set<String> instanceIds() {
        return Set.copyOf(instances.keySet());
    }

    synchronized void remove(String instanceId) {
        instances.remove(instanceId);
        save();
    }

    private void save() {
        // set until the write succeeds: a failed write must not make the next equal change look saved
        unsaved = true;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            Map<String, Object> stored = new LinkedHashMap<>();
            instances.forEach((id, instance) -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("state", instance.state());
                fields.put("runtimeProperties", instance.runtimeProperties());
                stored.put(id, fields);
            });
            // a stream, not a channel: an operation interrupted by a Ctrl-C must still record its state
            try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                out.write(json.writeIndented(stored).getBytes(StandardCharsets.UTF_8));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            unsaved = false;
        } catch (IOException e) {
            throw new UncheckedIOException("state file " + file + " could not be written", e);
        }
    }
}
