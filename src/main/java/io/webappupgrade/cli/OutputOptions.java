package io.webappupgrade.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a rollout command reports. */
final class OutputOptions {

    @Option(names = "--json", description = "Print the summary as JSON on stdout (progress is not printed).")
    boolean json;

    @Option(names = "--reports-dir", paramLabel = "DIR",
            description = "Where the JSON summary is written (default: ./webapp-upgrade-reports).")
    Path reportsDir;

    Path reportsDir() {
        return reportsDir != null ? reportsDir : Path.of("webapp-upgrade-reports");
    }
}
