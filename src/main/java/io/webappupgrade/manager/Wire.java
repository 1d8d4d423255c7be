package io.webappupgrade.manager;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The manager's JSON to this package's records. Fields it does not know are ignored. */
final class Wire {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper json;

    Wire(ObjectMapper json) {
        this.json = json;
    }

    ManagerNode node(JsonNode n) {
        Set<String> operations = new LinkedHashSet<>();
        for (Iterator<String> it = n.path("operations").fieldNames(); it.hasNext(); ) {
            operations.add(it.next());
        }
        List<ManagerNode.NodeRelationship> relationships = new ArrayList<>();
        for (JsonNode r : n.path("relationships")) {
            relationships.add(new ManagerNode.NodeRelationship(text(r, "target_id"), text(r, "type"),
                    strings(r.path("type_hierarchy"))));
        }
        return new ManagerNode(text(n, "id"), text(n, "deployment_id"), text(n, "type"), strings(n.path("type_hierarchy")),
                operations, relationships, n.path("number_of_instances").asInt(0));
    }

    ManagerNodeInstance instance(JsonNode n) {
        List<ManagerNodeInstance.InstanceRelationship> relationships = new ArrayList<>();
        for (JsonNode r : n.path("relationships")) {
            relationships.add(new ManagerNodeInstance.InstanceRelationship(text(r, "target_id"), text(r, "target_name"),
                    text(r, "type")));
        }
        return new ManagerNodeInstance(text(n, "id"), text(n, "node_id"), text(n, "deployment_id"), text(n, "host_id"),
                text(n, "state"), n.path("version").asLong(0), map(n.path("runtime_properties")), relationships);
    }

    Execution execution(JsonNode n) {
        return new Execution(text(n, "id"), text(n, "deployment_id"), text(n, "workflow_id"), text(n, "status"),
                text(n, "error"), text(n, "created_at"), map(n.path("parameters")));
    }

    ManagerEvent event(JsonNode n) {
        return new ManagerEvent(text(n, "reported_timestamp").isEmpty() ? text(n, "timestamp") : text(n, "reported_timestamp"),
                text(n, "type"), text(n, "event_type"), text(n, "level"), text(n, "message"),
                text(n, "node_instance_id"), text(n, "operation"));
    }

    Map<String, Object> map(JsonNode n) {
        if (n == null || !n.isObject()) {
            return new LinkedHashMap<>();
        }
        return json.convertValue(n, MAP);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array) {
            out.add(v.asText());
        }
        return out;
    }
}
