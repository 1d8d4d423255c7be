package io.webappupgrade.haproxy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code backends} input of the plural operations ({@code add_backends}, {@code remove_backends}):
 * a non-empty list of {@code {instance_id, address, port}}, each app instance once. Read whole
 * before anything changes, so a bad item changes nothing.
 */
record BackendsInput(List<Item> items) {

    static final String INPUT = "backends";

    /** One listed app instance; address and port are empty/0 where the operation does not need them. */
    record Item(String instanceId, String address, int port) {
        BackendServer server() {
            return new BackendServer(instanceId, address, port, true);
        }
    }

    BackendsInput {
        items = List.copyOf(items);
    }

    List<String> names() {
        return items.stream().map(Item::instanceId).toList();
    }

    /**
     * @param needsAddress whether each item must have {@code address} and {@code port} (add) or only
     *                     {@code instance_id} (remove)
     * @throws IllegalArgumentException naming the input, the item and what is allowed
     */
    static BackendsInput read(Object value, boolean needsAddress) {
        String expected = needsAddress ? "a non-empty list of {instance_id, address, port}"
                : "a non-empty list of {instance_id} (address and port may be given; they are not used)";
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("input '" + INPUT + "' is " + describe(value) + ": expected " + expected);
        }
        List<Item> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < list.size(); k++) {
            String where = "input '" + INPUT + "' item " + (k + 1);
            if (!(list.get(k) instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(where + " is " + describe(list.get(k)) + ": expected " + expected);
            }
            String id = text(m.get("instance_id"));
            if (id.isEmpty()) {
                throw new IllegalArgumentException(where + " has no instance_id: expected " + expected);
            }
            HaproxySettings.requireServerName(where + " instance_id", id);
            if (!seen.add(id)) {
                throw new IllegalArgumentException(where + " lists " + id + " a second time: each app instance once");
            }
            String address = text(m.get("address"));
            int port = port(m.get("port"), where);
            if (needsAddress) {
                if (address.isEmpty() || port == 0) {
                    throw new IllegalArgumentException(where + " (" + id + ") needs address and port: expected "
                            + expected);
                }
                new BackendServer(id, address, port, true);
            }
            items.add(new Item(id, address, port));
        }
        return new BackendsInput(items);
    }

    private static String text(Object o) {
        return o == null || o instanceof Map || o instanceof List ? "" : String.valueOf(o).strip();
    }

    private static int port(Object o, String where) {
        if (o == null || "".equals(o)) {
            return 0;
        }
        return io.webappupgrade.values.Values.wholeNumber(o).orElseThrow(() -> new IllegalArgumentException(
                where + " port is " + describe(o) + ": expected a port number"));
    }

    private static String describe(Object value) {
        return value == null ? "missing" : io.webappupgrade.values.Values.shown(value);
    }
}
