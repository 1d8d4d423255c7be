package io.webappupgrade.bench;

import io.webappupgrade.agent.AgentOperations;
import io.webappupgrade.cli.Cli;
import io.webappupgrade.manager.StubManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Executions and wall time of a REST rollout ({@code rollout --deployment}, the real CLI in this
 * JVM) in its two modes, against {@link CostedManager} with a real 7.0.5 manager's costs: an
 * execution takes 2.31 s from creation to end (the median of 45 on an idle manager), a step run
 * inside the workflow 1.55 s (the middle of the 1.2-1.9 s measured). One-execution mode: the
 * deployment declares webapp_upgrade; per-step mode: it does not (one execute_operation per step
 * per batch, list_servers per batch, 1 s polls), at batch_size 1 and 2. min_serving 1.
 *
 * <p>Run: {@code scripts/bench.sh rest-modes [fleets] [execution s] [step s]}, for example
 * {@code scripts/bench.sh rest-modes 4,16 2.31 1.55}.
 */
public final class RestModesBench {

    private RestModesBench() {
    }

    public static void main(String[] args) throws Exception {
        String[] fleets = (args.length > 0 ? args[0] : "4,16").split(",");
        Duration execution = seconds(args.length > 1 ? args[1] : "2.31");
        Duration step = seconds(args.length > 2 ? args[2] : "1.55");
        System.out.printf(Locale.ROOT, "REST rollout to 2.0.0: an execution costs %.2f s, a step inside"
                + " the workflow %.2f s%n", execution.toMillis() / 1e3, step.toMillis() / 1e3);
        // a warm-up of both modes, not printed: the first CLI run in a JVM loads its classes
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            run(2, true, 1, Duration.ofMillis(50), Duration.ofMillis(10));
            run(2, false, 2, Duration.ofMillis(50), Duration.ofMillis(10));
        } finally {
            System.setOut(stdout);
        }
        System.out.printf("%-9s %-5s %-28s %10s %10s %9s %s%n", "instances", "batch", "mode", "executions", "wall (s)",
                "requests", "exit/versions");
        for (String f : fleets) {
            int fleet = Integer.parseInt(f.strip());
            run(fleet, true, 1, execution, step);
            for (int batch : List.of(1, 2)) {
                run(fleet, false, batch, execution, step);
            }
        }
    }

    private static void run(int fleet, boolean workflow, int batch, Duration execution, Duration step) throws Exception {
        Path home = Files.createTempDirectory("rest-modes-bench");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CostedManager manager = new CostedManager(fleet, execution, step, workflow)) {
            Map<String, String> env = Map.of("CLOUDIFY_PASSWORD", StubManager.PASSWORD,
                    "WEBAPP_UPGRADE_HOME", home.toString(), "PATH", System.getenv("PATH"));
            PrintStream sink = new PrintStream(out, true, StandardCharsets.UTF_8);
            long start = System.nanoTime();
            int code = new Cli("bench", AgentOperations.registry("bench"), sink, sink, env, false).run(new String[] {
                    "rollout", "--deployment", "shop", "--manager", manager.apiUrl().toString(), "--tenant",
                    StubManager.TENANT, "--username", StubManager.USER, "--version", "2.0.0", "--url",
                    "https://releases.example.com/shop-2.0.0.tar.gz", "--batch-size", String.valueOf(batch), "--min-serving", "1",
                    "--reports-dir", home.resolve("reports").toString()});
            double wall = (System.nanoTime() - start) / 1e9;
            List<String> versions = manager.versions();
            boolean allMoved = versions.stream().allMatch("2.0.0"::equals);
            System.out.printf(Locale.ROOT, "%-9d %-5d %-28s %10d %10.1f %9d %d/%s%n", fleet, batch,
                    workflow ? "one execution (workflow)" : "execute_operation per batch step", manager.executionsCreated(),
                    wall, manager.requests(), code, allMoved ? "all 2.0.0" : versions);
            if (code != 0 || !allMoved || Boolean.getBoolean("bench.verbose")) {
                System.out.println(out.toString(StandardCharsets.UTF_8));
            }
        }
    }

    private static Duration seconds(String text) {
        return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
    }
}
