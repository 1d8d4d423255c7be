package io.webappupgrade.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.webappupgrade.deployment.DeploymentStatus;
import io.webappupgrade.deployment.OpenedDeployment;
import io.webappupgrade.deployment.local.LocalDeployment;
import io.webappupgrade.deployment.local.LocalStatus;
import io.webappupgrade.deployment.local.LocalStatusProbe;
import io.webappupgrade.rollout.RolloutParameters;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code status}: each app instance, its version and whether the load balancer has it. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show each web-app instance: version, previous version, and its place in each load balancer"
                + " (IN, DISABLED while draining or joining, OUT).",
            "With --local, also what HAProxy (runtime API) and each app (process, health URL) say now, next to"
                + " what the state file says. Never waits for a running rollout: it takes no lock."},
        footer = {"", "Exit codes: 0 every instance is in its load balancer (and, with --local, its process runs, its"
                + " health URL answers and HAProxy has it UP), 3 an instance is out of it, down or unreachable, or"
                + " HAProxy does not answer (a line says what to run), 2 (--local) the state file is missing or"
                + " belongs to another topology."})
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
        try (OpenedDeployment<?> opened = target.openToRead(cli)) {
            if (opened.deployment() instanceof LocalDeployment local) {
                return showLocal(new LocalStatusProbe(local, target.local, lbRelationship).probe());
            }
            DeploymentStatus status = DeploymentStatus.of(opened.deployment().id(), opened.deployment().instances(),
                    lbRelationship);
            if (json) {
                cli.out().println(jsonWriter().writeValueAsString(status));
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

    private int showLocal(LocalStatus status) throws Exception {
        if (json) {
            cli.out().println(jsonWriter().writeValueAsString(status));
            return status.exitCode();
        }
        cli.out().printf("%-16s %-10s %-10s %-20s %-20s %-20s %s%n", "INSTANCE", "VERSION", "PREVIOUS",
                "LB (STATE FILE)", "LB (HAPROXY NOW)", "PROCESS", "HEALTH");
        for (LocalStatus.Instance i : status.instances()) {
            String recorded = i.loadBalancers().isEmpty() ? "(none)" : i.loadBalancers().stream()
                    .map(m -> m.loadBalancerInstanceId() + " " + m.state()).collect(Collectors.joining(", "));
            String live = i.loadBalancers().isEmpty() ? "(none)" : i.loadBalancers().stream()
                    .map(m -> m.loadBalancerInstanceId() + " " + m.live()).collect(Collectors.joining(", "));
            cli.out().printf("%-16s %-10s %-10s %-20s %-20s %-20s %s%n", i.instanceId(), dash(i.appVersion()),
                    dash(i.previousVersion()), recorded, live, i.process(), i.health());
        }
        for (LocalStatus.HaproxyView h : status.haproxies()) {
            cli.out().println("HAProxy " + h.instanceId() + ": " + (h.answering() ? "answers" : "does not answer")
                    + " at " + h.socket());
        }
        if (!status.runInProgress().isEmpty()) {
            cli.out().println("A run holds the deployment's lock: " + status.runInProgress());
        }
        if (!status.problems().isEmpty()) {
            cli.out().println("Problems:");
            status.problems().forEach(p -> cli.out().println("  - " + p));
            cli.out().println("To fix: " + status.fix());
        }
        return status.exitCode();
    }

    private static ObjectMapper jsonWriter() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
