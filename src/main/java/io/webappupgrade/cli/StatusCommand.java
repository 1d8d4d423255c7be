package io.webappupgrade.cli;

import io.webappupgrade.deployment.Deployment;
import io.webappupgrade.deployment.NodeInstance;
import io.webappupgrade.deployment.RelationshipInstance;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status}: each app instance, its version and whether the load balancer has it. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each app instance: version, previous version, and whether its load balancer has it.")
final class StatusCommand implements Callable<Integer> {

    private final CliContext cli;

    @Option(names = "--local", required = true, paramLabel = "TOPOLOGY", description = "The topology file.")
    Path topology;

    StatusCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        Deployment deployment = LocalTarget.open(topology, cli.registry(), cli.out());
        cli.out().printf("%-24s %-12s %-12s %-22s %s%n", "INSTANCE", "VERSION", "PREVIOUS", "ADDRESS", "LOAD BALANCER");
        Map<String, NodeInstance> byId = new java.util.LinkedHashMap<>();
        deployment.instances().forEach(i -> byId.put(i.id(), i));
        for (NodeInstance i : byId.values()) {
            if (!i.hasOperation("webapp_upgrade.upgrade")) {
                continue;
            }
            Map<String, Object> p = i.runtimeProperties();
            StringBuilder lb = new StringBuilder();
            for (RelationshipInstance rel : i.relationships()) {
                NodeInstance target = byId.get(rel.targetInstanceId());
                Object backends = target == null ? null : target.runtimeProperties().get("backends");
                boolean in = backends instanceof Map<?, ?> m && m.containsKey(i.id());
                lb.append(rel.targetInstanceId()).append(in ? ": in" : ": OUT").append(' ');
            }
            cli.out().printf("%-24s %-12s %-12s %-22s %s%n", i.id(), text(p.get("app_version")),
                    text(p.get("app_prev_version")), text(p.get("ip")) + ":" + text(p.get("port")),
                    lb.length() == 0 ? "(none)" : lb.toString().trim());
        }
        return 0;
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }
}
