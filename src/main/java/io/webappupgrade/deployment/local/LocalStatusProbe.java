package io.webappupgrade.deployment.local;

import io.webappupgrade.ctx.Properties;
import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.DeploymentStatus;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.haproxy.HaproxySettings;
import io.webappupgrade.haproxy.RuntimeApiClient;
import io.webappupgrade.haproxy.StatRow;
import io.webappupgrade.webapp.AppProcess;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link LocalStatus}: reads the state file, then asks each HAProxy (runtime API
 * {@code show stat}) and each app (its process, its health URL) how things are now. Reads only:
 * it takes no lock and changes nothing, so it may run while a rollout does.
 */
public final class LocalStatusProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final LocalDeployment deployment;
    private final Path topologyFile;
    private final String lbRelationship;

    /** @param lbRelationship relationships deriving from this link instances to their load balancer */
    public LocalStatusProbe(LocalDeployment deployment, Path topologyFile, String lbRelationship) {
        this.deployment = deployment;
        this.topologyFile = topologyFile;
        this.lbRelationship = lbRelationship;
    }

    public LocalStatus probe() throws InterruptedException {
        Path stateFile = deployment.topology().stateFile();
        boolean found = Files.exists(stateFile);
        List<String> problems = new ArrayList<>();
        boolean stateUsable = stateUsable(found, problems);
        Map<String, Map<String, StatRow>> servers = new HashMap<>();
        List<LocalStatus.HaproxyView> haproxies = askHaproxies(servers, problems);
        List<LocalStatus.Instance> instances = askApps(servers, found, problems);
        Optional<DeploymentLock.Holder> holder = DeploymentLock.currentHolder(deployment.topology().lockFile());
        int exit = !stateUsable ? 2 : problems.isEmpty() ? 0 : 3;
        return new LocalStatus(deployment.id(), stateFile.toString(), found,
                holder.map(DeploymentLock.Holder::describe).orElse(""), haproxies, instances, problems,
                fix(exit, found, holder), exit);
    }

    /** A missing state file or another topology's: its view is empty or wrong, and rollouts are refused. */
    private boolean stateUsable(boolean found, List<String> problems) {
        if (!found) {
            problems.add("the state file " + deployment.topology().stateFile() + " does not exist: the state-file view"
                    + " is empty, and a rollout is refused until it is back");
            return false;
        }
        try {
            new LocalStateCheck(deployment, topologyFile).requireSameTopology();
            return true;
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return false;
        }
    }

    /** Each HAProxy's servers by name, into {@code servers} (keyed by HAProxy instance) when it answers. */
    private List<LocalStatus.HaproxyView> askHaproxies(Map<String, Map<String, StatRow>> servers, List<String> problems) {
        List<LocalStatus.HaproxyView> views = new ArrayList<>();
        for (LocalTopology.Node node : deployment.topology().nodes()) {
            if (!deployment.typeHierarchy(node).contains(DeploymentOperations.HAPROXY_TYPE)) {
                continue;
            }
            HaproxySettings settings = HaproxySettings.fromProperties(new Properties("node property", node.properties()));
            String socket = settings.statsSocket().toString();
            for (String id : node.instanceIds()) {
                try {
                    Map<String, StatRow> rows = new LinkedHashMap<>();
                    new RuntimeApiClient(settings.statsSocket(), TIMEOUT, TIMEOUT).showStat(settings.backendName())
                            .forEach(r -> rows.put(r.name(), r));
                    servers.put(id, rows);
                    views.add(new LocalStatus.HaproxyView(id, socket, true, ""));
                } catch (RuntimeException e) {
                    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    views.add(new LocalStatus.HaproxyView(id, socket, false, why));
                    problems.add("HAProxy " + id + " does not answer at " + socket + " (not running, or its socket is gone): "
                            + why);
                }
            }
        }
        return views;
    }

    /** Each app instance: the state file's view, then its process, its health URL and each HAProxy's view of it. */
    private List<LocalStatus.Instance> askApps(Map<String, Map<String, StatRow>> servers, boolean found,
            List<String> problems) throws InterruptedException {
        List<NodeInstance> all = deployment.instances();
        Map<String, NodeInstance> byId = new HashMap<>();
        all.forEach(i -> byId.put(i.id(), i));
        List<LocalStatus.Instance> instances = new ArrayList<>();
        for (DeploymentStatus.AppInstanceStatus app : DeploymentStatus.of(deployment.id(), all, lbRelationship).instances()) {
            NodeInstance instance = byId.get(app.instanceId());
            List<LocalStatus.Membership> lbs = new ArrayList<>();
            for (DeploymentStatus.LoadBalancerMembership m : app.loadBalancers()) {
                String live = live(servers, m.loadBalancerInstanceId(), app.instanceId());
                lbs.add(new LocalStatus.Membership(m.loadBalancerInstanceId(), m.state(), live));
                if (found && m.state() != DeploymentStatus.Membership.IN) {
                    problems.add(app.instanceId() + " is " + m.state() + " in " + m.loadBalancerInstanceId()
                            + " by the state file (out of rotation)");
                }
                if (servers.containsKey(m.loadBalancerInstanceId()) && !serving(live)) {
                    problems.add(app.instanceId() + " is " + live + " in HAProxy " + m.loadBalancerInstanceId()
                            + " (gets no traffic)");
                }
            }
            String process = process(instance);
            String health = health(instance, deployment.topology().node(app.nodeId()));
            if (found && !process.startsWith("running")) {
                problems.add(app.instanceId() + ": app process " + process);
            }
            if (found && !health.startsWith("HTTP 2")) {
                problems.add(app.instanceId() + ": health " + health);
            }
            instances.add(new LocalStatus.Instance(app.instanceId(), app.nodeId(), app.appVersion(),
                    app.previousVersion(), lbs, process, health));
        }
        return instances;
    }

    private String fix(int exit, boolean found, Optional<DeploymentLock.Holder> holder) {
        if (exit == 0) {
            return "";
        }
        if (exit == 2) {
            return !found
                    ? "put the state file " + deployment.topology().stateFile() + " back if it was deleted or moved; if"
                            + " this deployment was never installed: java -jar webapp-upgrade-agent.jar install --local "
                            + topologyFile
                    : "point 'state_file' of " + topologyFile + " at this topology's own state file";
        }
        if (holder.isPresent()) {
            return "a run holds the deployment's lock (" + holder.get().describe() + "): wait for it to end, then run"
                    + " status again";
        }
        return "run: java -jar webapp-upgrade-agent.jar install --local " + topologyFile + " (starts HAProxy and apps"
                + " that are gone, puts instances back into HAProxy); a rollout that was interrupted resumes when run"
                + " again with the same options";
    }

    private static String live(Map<String, Map<String, StatRow>> servers, String haproxyId, String appId) {
        Map<String, StatRow> rows = servers.get(haproxyId);
        if (rows == null) {
            return "unknown";
        }
        StatRow row = rows.get(appId);
        return row == null ? "absent" : row.status();
    }

    /** UP (also "UP 1/3", still serving while checks start failing) or, without health checks, "no check". */
    private static boolean serving(String live) {
        return live.startsWith("UP") || live.equals("no check");
    }

    private static String process(NodeInstance instance) {
        Map<String, Object> p = instance.runtimeProperties();
        Object pid = p.get("pid");
        Object started = p.get("pid_started_at");
        if (pid == null || started == null) {
            return "not recorded";
        }
        try {
            AppProcess process = new AppProcess(Long.parseLong(String.valueOf(pid)), Instant.parse(String.valueOf(started)));
            return (process.isAlive() ? "running" : "gone") + " (pid " + pid + ")";
        } catch (NumberFormatException | DateTimeParseException e) {
            return "unreadable (pid '" + pid + "', started '" + started + "')";
        }
    }

    private String health(NodeInstance instance, LocalTopology.Node node) {
        Object appUrl = instance.runtimeProperties().get("app_url");
        if (appUrl == null) {
            return "unknown (no address recorded)";
        }
        Object path = node.properties().get("health_path");
        URI url;
        try {
            url = URI.create(appUrl + (path == null || String.valueOf(path).isBlank() ? "/health" : String.valueOf(path)));
        } catch (IllegalArgumentException e) {
            return "unknown (recorded address '" + appUrl + "' is not a URL)";
        }
        try {
            return "HTTP " + statusCode(url);
        } catch (IOException | IllegalArgumentException e) {
            return "no answer at " + url + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
        }
    }

    /**
     * One GET on this thread, redirects not followed. A blocking connection, not java.net.http:
     * that client sets up TLS even for http and keeps a selector thread in native code, which holds
     * the JVM's exit up by 300 ms; a status is a short command, so both showed in its time.
     */
    private static int statusCode(URI url) throws IOException {
        URLConnection opened = url.toURL().openConnection();
        if (!(opened instanceof HttpURLConnection connection)) {
            throw new IOException("not an http(s) address");
        }
        connection.setConnectTimeout((int) TIMEOUT.toMillis());
        connection.setReadTimeout((int) TIMEOUT.toMillis());
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }
}
