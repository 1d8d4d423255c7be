package io.webappupgrade.deployment.local;

import io.webappupgrade.deployment.DeploymentStatus;
import java.util.List;

/**
 * What {@code status --local} shows: for each app instance, what the state file says next to what
 * HAProxy and the app say now, and what to do when they differ.
 *
 * @param deploymentId   the deployment
 * @param stateFile      the state file read
 * @param stateFileFound false when it does not exist (the state-file view is then empty)
 * @param runInProgress  the run holding the deployment's lock, empty when none
 * @param haproxies      each HAProxy instance and whether its runtime API answers
 * @param instances      each app instance, by node then id
 * @param problems       every difference found, one sentence each; empty when all is well
 * @param fix            one line saying what to run; empty when all is well
 * @param exitCode       0 all well, 3 an instance out of rotation, down or unreachable (or HAProxy
 *                       not answering), 2 the state file is missing or another topology's
 */
public record LocalStatus(String deploymentId, String stateFile, boolean stateFileFound, String runInProgress,
        List<HaproxyView> haproxies, List<Instance> instances, List<String> problems, String fix, int exitCode) {

    public LocalStatus {
        haproxies = List.copyOf(haproxies);
        instances = List.copyOf(instances);
        problems = List.copyOf(problems);
    }

    /**
     * One HAProxy instance, live.
     *
     * @param answering whether its runtime API answered {@code show stat}
     * @param detail    why not, when it did not
     */
    public record HaproxyView(String instanceId, String socket, boolean answering, String detail) {
    }

    /**
     * One app instance: the state file's view (version, previous, load-balancer membership) and
     * the live one (process, health, each HAProxy's server status).
     *
     * @param process for example {@code running (pid 123)}, {@code gone (pid 123)}, {@code not recorded}
     * @param health  for example {@code HTTP 200}, {@code no answer: Connection refused}, {@code unknown (no port recorded)}
     */
    public record Instance(String instanceId, String nodeId, String appVersion, String previousVersion,
            List<Membership> loadBalancers, String process, String health) {
        public Instance {
            loadBalancers = List.copyOf(loadBalancers);
        }
    }

    /**
     * One load balancer of an app instance.
     *
     * @param state the state file's view: IN, DISABLED, OUT, UNKNOWN
     * @param live  HAProxy's view: its server status ({@code UP}, {@code DOWN}, {@code DRAIN},
     *              {@code MAINT}, ...), {@code absent}, or {@code unknown} when HAProxy does not answer
     */
    public record Membership(String loadBalancerInstanceId, DeploymentStatus.Membership state, String live) {
    }
}
