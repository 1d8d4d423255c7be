package io.webappupgrade.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.webappupgrade.deployment.rest.DeploymentStatus;
import io.webappupgrade.rollout.RolloutParameters;
import java.io.Closeable;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code status}: each app instance, its version and whether the load balancer has it. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show each web-app instance: version, previous version, and its place in each load balancer"
                + " (IN, DISABLED while draining or joining, OUT).",
        footer = {"", "Exit codes: 0 every instance is in its load balancer, 3 an instance is out of it."})
final class StatusCommand implements Callable<Integer> {

    private final CliContext cli;

    @Mixin
    TargetOptions target;

    @Option(names = "--lb-relationship", paramLabel = "TYPE",
            description = "Relationships deriving from this link instances to the load balancer (default ${DEFAULT-VALUE}).",
            defaultValue = RolloutParameters.DEFAULT_LB_RELATIONSHIP)
    String lbRelationship;

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    StatusCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        TargetOptions.Opened opened = target.open(cli);
        try (Closeable resources = opened.resources()) {
            DeploymentStatus status = DeploymentStatus.of(opened.deployment().id(), opened.deployment().instances(),
                    lbRelationship);
            if (json) {
                cli.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(status));
            } else {
                cli.out().printf("%-28s %-14s %-14s %s%n", "INSTANCE", "VERSION", "PREVIOUS", "LOAD BALANCER");
                for (DeploymentStatus.AppInstanceStatus i : status.instances()) {
                    String lbs = i.loadBalancers().isEmpty() ? "(none)" : i.loadBalancers().stream()
                            .map(m -> m.loadBalancerInstanceId() + " " + m.state()).collect(Collectors.joining(", "));
                    cli.out().printf("%-28s %-14s %-14s %s%n", i.instanceId(), dash(i.appVersion()),
                            dash(i.previousVersion()), lbs);
                }
            }
            return status.outOfLoadBalancer().isEmpty() ? 0 : 3;
        }
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
