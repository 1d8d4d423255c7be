package io.webappupgrade.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line's start-up timed whole, start to exit: {@code --version} and a
 * {@code status --local}, by {@code java -jar} and by the launcher with its class-data archive
 * (recorded once before timing), interleaved, medians of 7.
 */
final class StartupTimes {

    private static final int RUNS = 7;

    private StartupTimes() {
    }

    static List<String> measure(Path topology) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("start-up of the command line, whole process, medians of " + RUNS + ":");
        if (System.getProperty("bench.launcher", "").isEmpty()) {
            lines.add("  (no -Dbench.launcher: the launcher is not measured)");
            return lines;
        }
        Command.run(true, "--version");
        Command.run(true, "--version");
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"status", "--local", topology.toString()})) {
            List<Double> plain = new ArrayList<>();
            List<Double> archived = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                plain.add(time(false, args));
                archived.add(time(true, args));
            }
            double before = WholeCommandRolloutBench.median(plain);
            double after = WholeCommandRolloutBench.median(archived);
            lines.add(String.format("  %-22s java -jar %.3f s, launcher (class-data archive) %.3f s: %.2fx",
                    String.join(" ", args).replace(topology.toString(), "T"), before, after, after / before));
        }
        return lines;
    }

    private static double time(boolean launcher, String... args) throws Exception {
        long start = System.nanoTime();
        Command.Result r = Command.run(launcher, args);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " exited " + r.exit() + ":\n" + r.output());
        }
        return seconds;
    }
}
