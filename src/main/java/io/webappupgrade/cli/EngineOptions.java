package io.webappupgrade.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The rollout engine's parameters as command-line options, under the names the workflow uses.
 * They are handed to the engine as they are, so the CLI, the workflow and the REST mode accept
 * and refuse exactly the same values with the same messages.
 */
final class EngineOptions {

    @Option(names = "--version", paramLabel = "VERSION", description = "The release to move to (2.1.0, 1.10, 2.0.0-rc1).")
    String version;

    @Option(names = "--url", description = "Where the release archive is (an absolute http, https or file URL).")
    String url;

    @Option(names = "--sha256", description = "SHA-256 of the archive; a download that does not match is refused.")
    String sha256;

    @Option(names = "--percentage", paramLabel = "1-100",
            description = "Share of the selected instances that should run the release, 1-100 (default 100);"
                    + " the rule: docs/rollout.md, 'Which instances'.")
    String percentage;

    @Option(names = {"--delay", "--pause"}, paramLabel = "SECONDS", description = "Wait between batches (default 0).")
    String delay;

    @Option(names = "--batch-size", paramLabel = "N|P%", description = "Instances out of the load balancer at once (default 1).")
    String batchSize;

    @Option(names = "--max-failures", paramLabel = "N", description = "Failed instances tolerated before stopping (default 0).")
    String maxFailures;

    @Option(names = "--no-auto-rollback", negatable = false,
            description = "When the run stops on failures, leave upgraded instances as they are.")
    boolean noAutoRollback;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", description = "How long a drain may take (default 30).")
    String drainTimeout;

    @Option(names = "--lb-relationship", paramLabel = "TYPE",
            description = "Relationships deriving from this link instances to the load balancer"
                    + " (default cloudify.relationships.connected_to).")
    String lbRelationship;

    @Option(names = "--min-serving", paramLabel = "N",
            description = "Servers that must stay UP and READY in the load balancer besides each batch taken out;"
                    + " a batch that would leave fewer is refused (exit 5). 0 = not checked (default 1).")
    String minServing;

    @Option(names = "--drain-order", paramLabel = "ORDER",
            description = "Which instances each batch takes: fewest_sessions (default: of those still to do, the ones"
                    + " with the fewest sessions in flight in HAProxy as the batch starts, so drains are short) or"
                    + " planned (node id, then instance id, as the plan lists them).")
    String drainOrder;

    @Option(names = "--batch-mode", paramLabel = "MODE",
            description = "When the next instances leave: rolling (default: each next one as soon as one is back in,"
                    + " never more than a batch out at once; lockstep across a delay or a verification window) or"
                    + " lockstep (each batch when the whole batch before it is back in).")
    String batchMode;

    // The verification window after each batch (docs/canary-analysis.md).
    @Option(names = "--verify-seconds", paramLabel = "SECONDS",
            description = "Watch each batch this long once it is back in the load balancer, from HAProxy's counters;"
                    + " a breach stops the run like a failed health check (default 0 = off).")
    String verifySeconds;

    @Option(names = "--max-error-rate", paramLabel = "0-1",
            description = "Highest share of 5xx and errors among the new release's requests in a window (default 0.02).")
    String maxErrorRate;

    @Option(names = "--max-latency-ratio", paramLabel = "RATIO",
            description = "Highest new-release response time over the old release's in a window (default 2).")
    String maxLatencyRatio;

    @Option(names = "--min-requests", paramLabel = "N",
            description = "Fewest requests the new release must answer in a window to be judged (default 20).")
    String minRequests;

    @Option(names = "--verify-canary-only", description = "Verify only the first batch (the canary).")
    boolean verifyCanaryOnly;

    @Option(names = "--node-ids", split = ",", paramLabel = "ID", description = "Only instances of these nodes.")
    List<String> nodeIds;

    @Option(names = "--instance-ids", split = ",", paramLabel = "ID", description = "Only these instances.")
    List<String> instanceIds;

    @Option(names = "--dry-run", description = "Show the plan and change nothing.")
    boolean dryRun;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "Any parameter as cfy takes it (-p percentage=50); named options win.")
    Map<String, String> extra = new LinkedHashMap<>();

    /** The parameters by the engine's names; only what was given. */
    Map<String, Object> toParameters() {
        Map<String, Object> p = new LinkedHashMap<>(extra);
        put(p, "version", version);
        put(p, "url", url);
        put(p, "sha256", sha256);
        put(p, "percentage", percentage);
        put(p, "delay", delay);
        put(p, "batch_size", batchSize);
        put(p, "max_failures", maxFailures);
        if (noAutoRollback) {
            p.put("auto_rollback", false);
        }
        put(p, "drain_timeout", drainTimeout);
        put(p, "lb_relationship", lbRelationship);
        put(p, "min_serving", minServing);
        put(p, "drain_order", drainOrder);
        put(p, "batch_mode", batchMode);
        put(p, "node_ids", nodeIds);
        put(p, "instance_ids", instanceIds);
        if (dryRun) {
            p.put("dry_run", true);
        }
        put(p, "verify_seconds", verifySeconds);
        put(p, "max_error_rate", maxErrorRate);
        put(p, "max_latency_ratio", maxLatencyRatio);
        put(p, "min_requests", minRequests);
        if (verifyCanaryOnly) {
            p.put("verify_canary_only", true);
        }
        return p;
    }

    private static void put(Map<String, Object> p, String name, Object value) {
        if (value != null) {
            p.put(name, value);
        }
    }
}
