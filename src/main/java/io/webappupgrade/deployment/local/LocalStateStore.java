package io.webappupgrade.deployment.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    private static final TypeReference<Map<String, InstanceState>> TYPE = new TypeReference<>() { };

    private final Path file;
    private final ObjectMapper json;
    private final Map<String, InstanceState> instances;

    private LocalStateStore(Path file, ObjectMapper json, Map<String, InstanceState> instances) {
        this.file = file;
        this.json = json;
        this.instances = instances;
    }

    static LocalStateStore open(Path file) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, InstanceState> instances = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try {
                instances.putAll(json.readValue(file.toFile(), TYPE));
            } catch (IOException e) {
                throw new IllegalArgumentException("state file " + file + " cannot be read: " + e.getMessage()
                        + " (remove it only if nothing from this deployment is running)", e);
            }
        }
        return new LocalStateStore(file, json, instances);
    }

    Path file() {
        return file;
    }

    synchronized InstanceState get(String instanceId) {
        return instances.getOrDefault(instanceId, new InstanceState("uninitialized", Map.of()));
    }

    synchronized void putRuntimeProperties(String instanceId, Map<String, Object> properties) {
        instances.put(instanceId, new InstanceState(get(instanceId).state(), new LinkedHashMap<>(properties)));
        save();
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
        instances.put(instanceId, new InstanceState(state, get(instanceId).runtimeProperties()));
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
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            json.writeValue(tmp.toFile(), instances);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("state file " + file + " could not be written", e);
        }
    }
}
