package io.webappupgrade.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.testing.BlueprintFolder;
import io.webappupgrade.testing.CfyCli;
import io.webappupgrade.testing.CloudifyLocal;
import io.webappupgrade.testing.Http;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-canary scenario through {@code cfy executions start webapp_upgrade} in real Cloudify local
 * mode, on the example blueprint with a real HAProxy and 3 app instances under traffic: release 4.0.0
 * passes its health check but answers 500 to one request in five; its verification window catches
 * it, the execution fails and the canary is rolled back; the only failed requests are its 500s.
 */
class CloudifyCanaryIT {

    @TempDir
    Path work;

    private CfyCli cfy;
    private final List<Long> pids = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        if (cfy != null) {
            execute("uninstall");
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void aBadCanaryIsCaughtInItsWindowAndTheExecutionFailsAfterRollingItBack() throws Exception {
        Path releases = Files.createDirectories(work.resolve("releases"));
        String v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri().toString();
        String bad = SampleRelease.of("4.0.0").failingEvery(5).writeTarGz(releases.resolve("app-4.0.0.tar.gz"))
                .toUri().toString();
        Path blueprint = BlueprintFolder.assemble("example", work.resolve("blueprint"));
        int port = FreePort.onLoopback();
        String frontend = "http://127.0.0.1:" + port;
        Path inputs = work.resolve("inputs.yaml");
        Files.writeString(inputs, "app_url: " + v1 + "\nbase_dir: " + work.resolve("apps") + "\ninstances: 3\n"
                + "start_timeout: 5\nfrontend_port: " + port + "\nhaproxy_work_dir: " + work.resolve("haproxy") + "\n");
        cfy = new CfyCli(work.resolve("cfy"));
        CfyCli.Run init = cfy.run(Duration.ofMinutes(2), "init", blueprint.toString(), "-b", "shop", "-i", inputs.toString());
        assertThat(init.ok()).as(init.output()).isTrue();
        CfyCli.Run install = execute("install");
        assertThat(install.ok()).as(install.output()).isTrue();
        instances().forEach(i -> pids.add(i.at("/runtime_properties/pid").asLong()));

        LoadReport report;
        CfyCli.Run run;
        try (LoadGenerator traffic = new LoadGenerator(LoadProfile.steady(URI.create(frontend + "/"), 40))) {
            traffic.start(Duration.ofMinutes(5));
            Thread.sleep(1000);
            run = execute("webapp_upgrade", "-p", "version=4.0.0", "-p", "url=" + bad, "-p", "verify_seconds=8",
                    "-p", "verify_canary_only=true");
            Thread.sleep(1000);
            report = traffic.stop();
        }

        assertThat(run.ok()).as(run.output()).isFalse();
        assertThat(run.output()).contains("'webapp_upgrade' workflow execution failed")
                .contains("verification window of 8 s started")
                .containsPattern("failed verification: error rate \\(hrsp_5xx \\+ eresp \\+ econ\\) of the new release"
                        + " \\d+\\.\\d% \\(\\d+ of \\d+\\) against baseline 0\\.0% \\(0 of \\d+\\), above max_error_rate 2\\.0%;"
                        + " rolled back: ");
        List<String> versions = new ArrayList<>();
        for (JsonNode i : instances()) {
            versions.add(i.at("/runtime_properties/app_version").asText());
            pids.add(i.at("/runtime_properties/pid").asLong());
            assertThat(Http.get(i.at("/runtime_properties/app_url").asText() + "/")).isEqualTo("version=1.0.0");
        }
        assertThat(versions).containsOnly("1.0.0");
        assertThat(report.failures()).as(report.summary()).isNotEmpty()
                .allSatisfy(f -> assertThat(f.status() + " " + f.version()).isEqualTo("500 4.0.0"));
    }

    private CfyCli.Run execute(String workflow, String... params) {
        List<String> args = new ArrayList<>(List.of("executions", "start", workflow, "-b", "shop",
                "--task-thread-pool-size", "1", "--task-retries", "3", "--task-retry-interval", "1"));
        args.addAll(List.of(params));
        return cfy.run(Duration.ofMinutes(5), args.toArray(String[]::new));
    }

    private List<JsonNode> instances() {
        return new CloudifyLocal(cfy.localStorage(), "shop", Map.of()).instances().instances("webapp");
    }
}
