package io.webappupgrade.cli;

import io.webappupgrade.report.ReportWriter;
import io.webappupgrade.report.RolloutRecord;
import io.webappupgrade.report.TerminalTimeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code report FILE.json}: renders a saved run again. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render the HTML report of a saved run (the .json every run writes, or a --json summary).")
final class ReportCommand implements Callable<Integer> {

    private final CliContext cli;

    @Parameters(paramLabel = "FILE.json", description = "The run's JSON record or summary.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html", description = "Where to write (default: beside FILE, .html).")
    Path output;

    @Option(names = "--text", description = "Print the terminal timeline instead of writing HTML.")
    boolean text;

    ReportCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            cli.err().println("report: " + file + " is not a file");
            return 2;
        }
        RolloutRecord record;
        try {
            record = RolloutRecord.fromJson(Files.readString(file));
        } catch (IllegalArgumentException e) {
            cli.err().println("report: " + file + ": " + e.getMessage());
            return 2;
        }
        if (text) {
            cli.out().println(TerminalTimeline.render(record, 100));
            return 0;
        }
        Path html = output != null ? output
                : file.resolveSibling(file.getFileName().toString().replaceFirst("\\.json$", "") + ".html");
        cli.out().println("Report: " + new ReportWriter().write(record, html));
        return 0;
    }
}
