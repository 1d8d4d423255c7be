package io.webappupgrade.deployment.local;

import io.webappupgrade.ctx.Properties;
import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.haproxy.HaproxySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a local deployment's state file before a run changes anything. A rollout trusts the
 * state to say where each app listens and which HAProxy it is behind; a missing, partial or
 * foreign state would make it drain a live instance it then cannot put back.
 */
public final class LocalStateCheck {

    /** Runtime properties an install records on an app instance, which a rollout reads. */
    static final List<String> APP_KEYS = List.of("app_version", "releases", "ip", "port", "base_dir");
    /** Runtime properties an install records on an HAProxy instance. */
    static final List<String> HAPROXY_KEYS = List.of("config_path", "stats_socket");

    private final LocalDeployment deployment;
    private final Path topologyFile;

    public LocalStateCheck(LocalDeployment deployment, Path topologyFile) {
        this.deployment = deployment;
        this.topologyFile = topologyFile;
    }

    /**
     * For a rollout or rollback: the state file exists, records exactly this topology's instances,
     * every one installed with the runtime properties an install records.
     *
     * @throws IllegalArgumentException naming the file, what is wrong and what to do; nothing was changed
     */
    public void requireInstalled() {
        Path file = deployment.topology().stateFile();
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("the state file " + file + " of deployment " + deployment.id()
                    + " does not exist, so where its instances run is unknown; nothing was drained or changed."
                    + " If the deployment was never installed, run 'install --local " + topologyFile + "' first;"
                    + " if the file was deleted or moved, put it back (HAProxy and the apps may still run)");
        }
        requireSameTopology();
        List<String> problems = new ArrayList<>();
        for (LocalTopology.Node node : deployment.topology().nodes()) {
            for (String id : node.instanceIds()) {
                String state = deployment.state(id);
                if (!"started".equals(state)) {
                    problems.add(id + " is '" + state + "', not installed");
                    continue;
                }
                List<String> missing = new ArrayList<>();
                Map<String, Object> runtime = runtimeProperties(id);
                for (String key : requiredKeys(node)) {
                    if (runtime.get(key) == null) {
                        missing.add(key);
                    }
                }
                if (!missing.isEmpty()) {
                    problems.add(id + " lacks the runtime properties " + missing + " an install records");
                }
                foreignHaproxy(node, runtime).ifPresent(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the state file " + file + " does not describe an installed deployment "
                    + deployment.id() + ": " + String.join("; ", problems) + ". Nothing was drained or changed."
                    + " Run 'install --local " + topologyFile + "' to install what is missing, or put back the"
                    + " state file this topology's install wrote");
        }
    }

    /**
     * For every command that writes the state: an existing state file records no instance this
     * topology does not have (it would be another topology's state).
     */
    public void requireSameTopology() {
        Set<String> recorded = new TreeSet<>(deployment.recordedInstanceIds());
        Set<String> expected = new TreeSet<>();
        deployment.topology().nodes().forEach(n -> expected.addAll(n.instanceIds()));
        recorded.removeAll(expected);
        if (!recorded.isEmpty()) {
            throw new IllegalArgumentException("the state file " + deployment.topology().stateFile() + " records instances "
                    + recorded + " that topology " + topologyFile + " does not have (it has " + expected + "):"
                    + " it is the state of another topology, or nodes were renamed or scaled down since the install."
                    + " Nothing was changed. Point 'state_file' at this topology's state, or uninstall with the"
                    + " topology that was installed");
        }
    }

    private Map<String, Object> runtimeProperties(String instanceId) {
        return deployment.instances().stream().filter(i -> i.id().equals(instanceId)).findFirst()
                .map(NodeInstance::runtimeProperties).orElse(Map.of());
    }

    private List<String> requiredKeys(LocalTopology.Node node) {
        List<String> hierarchy = deployment.typeHierarchy(node);
        if (hierarchy.contains(DeploymentOperations.WEBAPP_TYPE)) {
            return APP_KEYS;
        }
        if (hierarchy.contains(DeploymentOperations.HAPROXY_TYPE)) {
            return HAPROXY_KEYS;
        }
        return List.of();
    }

    /** An HAProxy whose recorded socket is not the one its node's properties name was installed from another topology. */
    private Optional<String> foreignHaproxy(LocalTopology.Node node, Map<String, Object> runtime) {
        if (!deployment.typeHierarchy(node).contains(DeploymentOperations.HAPROXY_TYPE) || runtime.get("stats_socket") == null) {
            return Optional.empty();
        }
        String expected;
        try {
            expected = HaproxySettings.fromProperties(new Properties("node property", node.properties())).statsSocket().toString();
        } catch (IllegalArgumentException e) {
            return Optional.of(node.id() + ": " + e.getMessage());
        }
        String recorded = String.valueOf(runtime.get("stats_socket"));
        return recorded.equals(expected) ? Optional.empty()
                : Optional.of(node.id() + " was installed with the admin socket " + recorded
                        + " but this topology names " + expected + " (the state of another topology?)");
    }
}
