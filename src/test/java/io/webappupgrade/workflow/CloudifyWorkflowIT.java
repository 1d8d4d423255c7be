package io.webappupgrade.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webappupgrade.haproxy.RuntimeApiClient;
import io.webappupgrade.rollout.record.InstanceStatus;
import io.webappupgrade.rollout.record.RolloutOutcome;
import io.webappupgrade.rollout.record.RolloutSummary;
import io.webappupgrade.rollout.record.SummaryEvents;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.testing.BlueprintFolder;
import io.webappupgrade.testing.CfyCli;
import io.webappupgrade.testing.CloudifyLocal;
import io.webappupgrade.net.FreePort;
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
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cfy executions start webapp_upgrade} in real Cloudify local mode (cfy 7.0.5, thread pool
 * size 1) on the example blueprint with a real HAProxy and 4 app instances, under steady traffic
 * through HAProxy for the whole story: install, 50%, 100%, a release that never gets healthy,
 * webapp_rollback, uninstall. Not one request may fail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudifyWorkflowIT {

    @TempDir
    static Path work;

    private static CfyCli cfy;
    private static String v2;
    private static String bad;
    private static String frontend;
    private static LoadGenerator traffic;
    private static final List<Long> pids = new ArrayList<>();

    @BeforeAll
    static void installUnderTraffic() throws Exception {
        Path releases = Files.createDirectories(work.resolve("releases"));
        String v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri().toString();
        v2 = SampleRelease.of("2.0.0").writeTarGz(releases.resolve("app-2.0.0.tar.gz")).toUri().toString();
        bad = SampleRelease.of("3.0.0").unhealthy().writeTarGz(releases.resolve("app-3.0.0.tar.gz")).toUri().toString();
        Path blueprint = BlueprintFolder.assemble("example", work.resolve("blueprint"));
        int port = FreePort.onLoopback();
        frontend = "http://127.0.0.1:" + port;
        Path inputs = work.resolve("inputs.yaml");
        Files.writeString(inputs, "app_url: " + v1 + "\nbase_dir: " + work.resolve("apps") + "\ninstances: 4\n"
                + "start_timeout: 5\nfrontend_port: " + port + "\nhaproxy_work_dir: " + work.resolve("haproxy") + "\n");
        cfy = new CfyCli(work.resolve("cfy"));
        CfyCli.Run init = cfy.run(Duration.ofMinutes(2), "init", blueprint.toString(), "-b", "shop", "-i", inputs.toString());
        assertThat(init.ok()).as(init.output()).isTrue();
        CfyCli.Run install = execute("install");
        assertThat(install.ok()).as(install.output()).isTrue();
        instances().forEach(i -> pids.add(i.at("/runtime_properties/pid").asLong()));
        assertThat(Http.get(frontend + "/")).isEqualTo("version=1.0.0");
        traffic = new LoadGenerator(new LoadProfile(URI.create(frontend + "/"), 200, 0.05, Duration.ofMillis(1000),
                Duration.ofSeconds(10)));
        traffic.start(Duration.ofMinutes(8));
    }

    @AfterAll
    static void cleanUp() {
        if (traffic != null) {
            traffic.close();
        }
        if (cfy != null) {
            execute("uninstall");
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    @Order(1)
    void halfTheInstancesMoveWithPercentage50() {
        CfyCli.Run run = execute("webapp_upgrade", "-p", "version=2.0.0", "-p", "url=" + v2, "-p", "percentage=50");
        assertThat(run.ok()).as(run.output()).isTrue();
        assertThat(versions()).containsExactly("1.0.0", "1.0.0", "2.0.0", "2.0.0");
        assertThat(run.output()).contains("unlink (haproxy_").contains("establish (haproxy_")
                .contains("min_serving 1: a batch leaves the load balancer only if at least 1 other server(s) stay UP")
                .as("the release is fetched before the unlink").contains(": prepare done in");
        assertServedVersions();
        RolloutSummary published = publishedSummary(run.output());
        assertThat(published.outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
        assertThat(published.deploymentId()).isEqualTo("shop");
        assertThat(published.instances()).filteredOn(i -> i.status() == InstanceStatus.UPGRADED).hasSize(2);
    }

    /** The summary the workflow published as events (shown in local mode's output), read back as a client does. */
    private static RolloutSummary publishedSummary(String output) {
        List<String> parts = output.lines().filter(l -> l.contains(SummaryEvents.PREFIX))
                .map(l -> l.substring(l.indexOf(SummaryEvents.PREFIX)))
                .toList();
        assertThat(parts).as(output).isNotEmpty();
        return RolloutSummary.fromJson(SummaryEvents.decode(parts).orElseThrow());
    }

    @Test
    @Order(2)
    void theRestMoveWith100AndTheFirstTwoAreSkipped() {
        CfyCli.Run run = execute("webapp_upgrade", "-p", "version=2.0.0", "-p", "url=" + v2, "-p", "percentage=100");
        assertThat(run.ok()).as(run.output()).isTrue();
        assertThat(versions()).containsOnly("2.0.0");
        assertThat(run.output()).contains("upgraded 2 instance(s) to 2.0.0").contains("skipped 2");
        assertServedVersions();
    }

    @Test
    @Order(3)
    void aReleaseThatNeverGetsHealthyFailsTheExecutionAndRollsBack() {
        CfyCli.Run run = execute("webapp_upgrade", "-p", "version=3.0.0", "-p", "url=" + bad);
        assertThat(run.ok()).as(run.output()).isFalse();
        assertThat(run.output()).contains("'webapp_upgrade' workflow execution failed")
                .contains("did not become healthy");
        assertThat(versions()).containsOnly("2.0.0");
        assertServedVersions();
    }

    @Test
    @Order(4)
    void webappRollbackStepsEveryInstanceBack() {
        CfyCli.Run run = execute("webapp_rollback");
        assertThat(run.ok()).as(run.output()).isTrue();
        assertThat(versions()).containsOnly("1.0.0");
        assertServedVersions();
    }

    @Test
    @Order(5)
    void notOneRequestFailedThroughTheWholeStory() {
        LoadReport report = traffic.stop();
        assertThat(report.sent()).isGreaterThan(2000);
        assertThat(report.failures()).as(report.summary()).isEmpty();
        Set<String> answered = new TreeSet<>();
        report.versionsPerSecond().values().forEach(m -> answered.addAll(m.keySet()));
        assertThat(answered).contains("1.0.0", "2.0.0").doesNotContain("3.0.0");
    }

    @Test
    @Order(6)
    void wrongParametersAreRefusedBeforeAnythingRuns() {
        List<String> before = versions();
        // Cloudify checks types itself; local mode skips constraints, so the engine refuses the rest
        // with the same message a manager's constraint would give.
        CfyCli.Run zero = execute("webapp_upgrade", "-p", "version=2.0.0", "-p", "url=" + v2, "-p", "percentage=0");
        assertThat(zero.ok()).isFalse();
        assertThat(zero.output()).contains("parameter 'percentage' is '0': allowed is a whole number from 1 to 100")
                .contains("nothing was run");
        CfyCli.Run big = execute("webapp_upgrade", "-p", "version=2.0.0", "-p", "url=" + v2, "-p", "percentage=150");
        assertThat(big.ok()).isFalse();
        assertThat(big.output()).contains("percentage").contains("nothing was run");
        CfyCli.Run negative = execute("webapp_upgrade", "-p", "version=2.0.0", "-p", "url=" + v2, "-p", "delay=-5");
        assertThat(negative.ok()).isFalse();
        assertThat(negative.output()).contains("delay").contains("nothing was run");
        CfyCli.Run missing = execute("webapp_upgrade", "-p", "url=" + v2);
        assertThat(missing.ok()).isFalse();
        assertThat(missing.output()).contains("version");
        // A typo must not switch the load-balancer steps off (it used to upgrade every instance in place).
        CfyCli.Run typo = execute("webapp_upgrade", "-p", "version=2.0.0", "-p", "url=" + v2,
                "-p", "lb_relationship=acme.relationships.nope");
        assertThat(typo.ok()).as(typo.output()).isFalse();
        assertThat(typo.output()).contains("'webapp_upgrade' workflow execution failed")
                .contains("parameter 'lb_relationship' is 'acme.relationships.nope': no relationship of this deployment"
                        + " has it in its type hierarchy")
                .contains("webapp_upgrade.relationships.behind_haproxy").contains("nothing was run")
                .doesNotContain("unlink (haproxy_");
        CfyCli.Run near = execute("webapp_upgrade", "-p", "version=2.0.0", "-p", "url=" + v2,
                "-p", "lb_relationship=webapp_upgrade.relationships.behind_haproxi");
        assertThat(near.ok()).isFalse();
        assertThat(near.output()).contains("did you mean 'webapp_upgrade.relationships.behind_haproxy'?");
        assertThat(versions()).isEqualTo(before);
    }

    @Test
    @Order(7)
    void theLocalPythonApiRunsTheSameWorkflow() {
        CloudifyLocal local = new CloudifyLocal(cfy.localStorage(), "shop", Map.of());
        CloudifyLocal.Result dry = local.execute("webapp_upgrade", Map.of("version", "2.0.0", "url", v2, "dry_run", true), 0);
        assertThat(dry.ok()).as(dry.log()).isTrue();
        assertThat(dry.log()).contains("plan: upgrade to 2.0.0: 4 of 4");
        CloudifyLocal.Result refused = local.execute("webapp_upgrade", Map.of("version", "2.0.0", "url", v2,
                "percentage", 150), 0);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.log()).contains("percentage").contains("nothing was run");
        assertThat(versions()).containsOnly("1.0.0");
    }

    @Test
    @Order(8)
    void aBatchThatWouldLeaveTooFewServersServingFailsTheExecutionBeforeAnyUnlink() {
        // Three of the four servers DOWN in HAProxy (their checks off, health forced down).
        RuntimeApiClient haproxy = new RuntimeApiClient(work.resolve("haproxy/admin.sock"));
        List<String> ids = instances().stream().map(i -> i.path("id").asText()).sorted().toList();
        for (String id : ids.subList(1, ids.size())) {
            haproxy.execute("disable health webapp/" + id);
            haproxy.execute("set server webapp/" + id + " health down");
        }
        List<String> before = versions();

        CfyCli.Run run = execute("webapp_upgrade", "-p", "version=2.0.0", "-p", "url=" + v2);

        assertThat(run.ok()).as(run.output()).isFalse();
        assertThat(run.output()).contains("'webapp_upgrade' workflow execution failed")
                .contains("refused to take out batch 1 (" + ids.get(0) + "): load balancer haproxy_")
                .contains("would have 0 server(s) UP and READY besides the batch, fewer than min_serving 1")
                .doesNotContain("unlink (haproxy_");
        assertThat(versions()).isEqualTo(before);
        assertThat(haproxy.server("webapp", ids.get(0)).orElseThrow().status()).startsWith("UP");
        for (String id : ids.subList(1, ids.size())) {
            haproxy.execute("enable health webapp/" + id);
        }
    }

    private static void assertServedVersions() {
        for (JsonNode i : instances()) {
            JsonNode props = i.path("runtime_properties");
            assertThat(Http.get(props.path("app_url").asText() + "/"))
                    .isEqualTo("version=" + props.path("app_version").asText());
            pids.add(props.path("pid").asLong());
        }
    }

    private static CfyCli.Run execute(String workflow, String... params) {
        List<String> args = new ArrayList<>(List.of("executions", "start", workflow, "-b", "shop",
                "--task-thread-pool-size", "1", "--task-retries", "3", "--task-retry-interval", "1"));
        args.addAll(List.of(params));
        return cfy.run(Duration.ofMinutes(5), args.toArray(String[]::new));
    }

    private static List<JsonNode> instances() {
        return new CloudifyLocal(cfy.localStorage(), "shop", Map.of()).instances().instances("webapp");
    }

    private static List<String> versions() {
        List<String> out = new ArrayList<>();
        instances().forEach(i -> out.add(i.at("/runtime_properties/app_version").asText()));
        out.sort(null);
        return out;
    }
}
