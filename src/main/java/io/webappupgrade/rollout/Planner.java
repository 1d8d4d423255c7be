package io.webappupgrade.rollout;

import io.webappupgrade.deployment.DeploymentOperations;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.RelationshipInstance;
import io.webappupgrade.version.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which instances a run processes, in which order and batches. Pure: it reads the
 * instances it is given and calls nothing.
 *
 * <h2>Selection rule</h2>
 * The rule users read is docs/rollout.md, "Which instances"; this is its code, and the two must agree.
 * <ol>
 *   <li><b>Candidates</b> are the instances of nodes that have both {@code webapp_upgrade.upgrade}
 *       and {@code webapp_upgrade.rollback}, narrowed by {@code node_ids} and {@code instance_ids}
 *       (an id naming nothing suitable is a parameter error). Order: node id, then instance id.</li>
 *   <li><b>Quota</b>: with {@code n} candidates and percentage {@code p}, the run covers
 *       {@code q = floor(n * p / 100)} of them, but at least 1 when {@code n > 0}.</li>
 *   <li><b>Already done counts toward the quota.</b> In an upgrade, a candidate whose
 *       {@code app_version} is at or above {@code version} is skipped (with the reason) and counts
 *       as one of the {@code q}. Instances the journal of an interrupted run with the same
 *       parameters records as completed or failed count too, and are skipped.</li>
 *   <li>The rest of the quota is filled with the remaining candidates, first in order.</li>
 * </ol>
 * So the quota reads as "p% of the candidates should end up on the new release". A re-run with
 * the same parameters (after a crash, a failure or a success) never picks more instances than the
 * first run did: everything the first run got done counts against the same quota. A candidate
 * whose {@code app_version} is missing or unreadable is treated as below the target.
 *
 * <p>An instance's load-balancer links are its relationships whose type hierarchy contains
 * {@code lb_relationship}; an instance without one is processed without LB steps, and the plan says so.
 */
public final class Planner {

    private static final Comparator<NodeInstance> ORDER =
            Comparator.comparing(NodeInstance::nodeId).thenComparing(NodeInstance::id);

    /** Plans a fresh run. */
    public RolloutPlan plan(List<NodeInstance> instances, RolloutParameters parameters) {
        return plan(instances, parameters, JournalState.EMPTY);
    }

    /**
     * Plans a run that resumes from {@code journal}.
     *
     * @throws InvalidParametersException when a node_ids or instance_ids entry names nothing suitable
     */
    public RolloutPlan plan(List<NodeInstance> instances, RolloutParameters parameters, JournalState journal) {
        checkLbRelationship(instances, parameters);
        List<NodeInstance> candidates = candidates(instances, parameters);
        int n = candidates.size();
        int quota = n == 0 ? 0 : Math.max(1, (int) ((long) n * parameters.percentage() / 100));

        Set<String> completed = new HashSet<>(journal.completed());
        Set<String> failed = new HashSet<>(journal.failed());
        List<SkippedInstance> skipped = new ArrayList<>();
        List<NodeInstance> open = new ArrayList<>();
        int counted = 0;
        for (NodeInstance i : candidates) {
            Optional<String> reason = alreadyDone(i, parameters, completed, failed);
            if (reason.isPresent()) {
                skipped.add(new SkippedInstance(i.id(), i.nodeId(), version(i), reason.get()));
                counted++;
            } else {
                open.add(i);
            }
        }

        int need = Math.max(0, quota - counted);
        List<NodeInstance> picked = open.subList(0, Math.min(need, open.size()));
        for (NodeInstance i : open.subList(picked.size(), open.size())) {
            skipped.add(new SkippedInstance(i.id(), i.nodeId(), version(i), "beyond percentage "
                    + parameters.percentage() + ": the run covers " + quota + " of " + n + " candidate instances"));
        }

        int perBatch = parameters.batchSize().instancesPerBatch(picked.size());
        List<PlannedInstance> selected = new ArrayList<>();
        for (int k = 0; k < picked.size(); k++) {
            selected.add(planned(picked.get(k), parameters, k / perBatch + 1));
        }
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < selected.size(); from += perBatch) {
            batches.add(new Batch(batches.size() + 1, selected.subList(from, Math.min(selected.size(), from + perBatch))));
        }

        Set<String> existing = new HashSet<>();
        instances.forEach(i -> existing.add(i.id()));
        List<String> putBack = journal.outOfLoadBalancer().stream().filter(existing::contains).toList();
        return new RolloutPlan(parameters, n, quota, selected, skipped, batches, putBack);
    }

    /** The load-balancer links of {@code instance} under {@code lbRelationship}. */
    public static List<RelationshipInstance> loadBalancerLinks(NodeInstance instance, String lbRelationship) {
        if (RolloutParameters.NO_LOAD_BALANCER.equals(lbRelationship)) {
            return List.of();
        }
        return instance.relationships().stream().filter(r -> r.isDerivedFrom(lbRelationship)).toList();
    }

    /**
     * A typo in {@code lb_relationship} must not switch the load-balancer steps off: a value other
     * than the default and {@value RolloutParameters#NO_LOAD_BALANCER} that no relationship of the
     * deployment derives from is refused, with the types that are there.
     */
    private static void checkLbRelationship(List<NodeInstance> instances, RolloutParameters p) {
        String wanted = p.lbRelationship();
        if (!p.usesLoadBalancer() || wanted.equals(RolloutParameters.DEFAULT_LB_RELATIONSHIP)) {
            return;
        }
        Set<String> types = new java.util.TreeSet<>();
        for (NodeInstance i : instances) {
            for (RelationshipInstance r : i.relationships()) {
                if (r.isDerivedFrom(wanted)) {
                    return;
                }
                types.add(r.type());
                types.addAll(r.typeHierarchy());
            }
        }
        List<String> allowed = new ArrayList<>(types);
        String hint = RolloutParameters.closest(wanted, allowed).map(c -> "did you mean '" + c + "'? ").orElse("");
        allowed.add(RolloutParameters.NO_LOAD_BALANCER);
        throw new InvalidParametersException(List.of(new ParameterProblem("lb_relationship",
                "parameter 'lb_relationship' is '" + wanted + "': no relationship of this deployment has it in its"
                        + " type hierarchy, so no instance would leave the load balancer; " + hint + "allowed: "
                        + String.join(", ", allowed) + " ('" + RolloutParameters.NO_LOAD_BALANCER
                        + "': no load-balancer steps, for deployments without one)")));
    }

    private static List<NodeInstance> candidates(List<NodeInstance> instances, RolloutParameters p) {
        List<ParameterProblem> problems = new ArrayList<>();
        List<NodeInstance> webapps = instances.stream().filter(Planner::isWebapp).sorted(ORDER).toList();
        Set<String> webappNodes = new LinkedHashSet<>();
        webapps.forEach(i -> webappNodes.add(i.nodeId()));
        Set<String> allNodes = new HashSet<>();
        Set<String> allInstances = new HashSet<>();
        instances.forEach(i -> {
            allNodes.add(i.nodeId());
            allInstances.add(i.id());
        });

        for (String node : p.nodeIds()) {
            if (!webappNodes.contains(node)) {
                problems.add(new ParameterProblem("node_ids", "parameter 'node_ids' names '" + node + "', "
                        + (allNodes.contains(node) ? "a node without both " + DeploymentOperations.UPGRADE + " and "
                                + DeploymentOperations.ROLLBACK : "which is not a node of this deployment")
                        + "; allowed: " + (webappNodes.isEmpty() ? "(no upgradable nodes)" : String.join(", ", webappNodes))));
            }
        }
        Set<String> webappInstances = new HashSet<>();
        webapps.forEach(i -> webappInstances.add(i.id()));
        for (String id : p.instanceIds()) {
            if (!webappInstances.contains(id)) {
                problems.add(new ParameterProblem("instance_ids", "parameter 'instance_ids' names '" + id + "', "
                        + (allInstances.contains(id) ? "an instance of a node without both " + DeploymentOperations.UPGRADE
                                + " and " + DeploymentOperations.ROLLBACK : "which is not an instance of this deployment")));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidParametersException(problems);
        }
        return webapps.stream()
                .filter(i -> p.nodeIds().isEmpty() || p.nodeIds().contains(i.nodeId()))
                .filter(i -> p.instanceIds().isEmpty() || p.instanceIds().contains(i.id()))
                .toList();
    }

    private static boolean isWebapp(NodeInstance i) {
        return i.hasOperation(DeploymentOperations.UPGRADE) && i.hasOperation(DeploymentOperations.ROLLBACK);
    }

    private static Optional<String> alreadyDone(NodeInstance i, RolloutParameters p, Set<String> completed,
            Set<String> failed) {
        if (completed.contains(i.id())) {
            return Optional.of((p.mode() == RolloutMode.UPGRADE ? "upgraded" : "stepped back")
                    + " earlier in this run, before it was interrupted");
        }
        if (failed.contains(i.id())) {
            return Optional.of("failed earlier in this run, before it was interrupted (counted against max_failures)");
        }
        if (p.release().isPresent()) {
            Version target = p.release().get().version();
            String current = version(i);
            if (current != null && Version.isValid(current) && Version.parse(current).compareTo(target) >= 0) {
                return Optional.of("already at " + current + ", at or above " + target);
            }
        }
        return Optional.empty();
    }

    private static PlannedInstance planned(NodeInstance i, RolloutParameters p, int batch) {
        List<RelationshipInstance> links = loadBalancerLinks(i, p.lbRelationship());
        List<String> notes = new ArrayList<>();
        if (!p.usesLoadBalancer()) {
            notes.add("lb_relationship is none: processed without load-balancer steps");
        } else if (links.isEmpty()) {
            notes.add("no load-balancer relationship (" + p.lbRelationship() + "): processed without load-balancer steps");
        }
        String from = version(i);
        if (from != null && !Version.isValid(from)) {
            notes.add("current app_version '" + from + "' is not a version: treated as below the target");
        }
        String to = p.release().map(r -> r.version().toString())
                .orElseGet(() -> stringProperty(i, DeploymentOperations.APP_PREVIOUS_VERSION));
        return new PlannedInstance(i.id(), i.nodeId(), from, to, links, batch, notes);
    }

    private static String version(NodeInstance i) {
        return stringProperty(i, DeploymentOperations.APP_VERSION);
    }

    private static String stringProperty(NodeInstance i, String key) {
        Object v = i.runtimeProperties().get(key);
        return v == null || v instanceof Map || v instanceof List ? null : String.valueOf(v);
    }
}
