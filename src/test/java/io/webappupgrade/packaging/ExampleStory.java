package io.webappupgrade.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.webappupgrade.sampleapp.SampleRelease;
import io.webappupgrade.testing.CloudifyLocal;
import io.webappupgrade.net.FreePort;
import io.webappupgrade.testing.Http;
import io.webappupgrade.testing.LeftoverProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The example blueprint's story in real Cloudify local mode, as a user of a release runs it:
 * install two app instances behind HAProxy, roll out 2.0.0 with the webapp_upgrade workflow,
 * uninstall. Every process it starts is stopped by {@link #close()}, also after a failure.
 */
final class ExampleStory implements AutoCloseable {

    private final Path work;
    private final CloudifyLocal cfy;
    private final String frontend;
    private final String v1;
    private final String v2;
    private final Set<Long> pids = new LinkedHashSet<>();
    private boolean installed;

    /**
     * @param venv the Python venv with cloudify-common that runs local mode (null: the project's)
     */
    ExampleStory(Path work, Path venv) throws IOException {
        this(work, venv, Map.of());
    }

    /**
     * @param env environment for local mode (and so for every operation and the workflow), such as its PATH
     */
    ExampleStory(Path work, Path venv, Map<String, String> env) throws IOException {
        this.work = work;
        Path releases = Files.createDirectories(work.resolve("releases"));
        v1 = SampleRelease.of("1.0.0").writeTarGz(releases.resolve("app-1.0.0.tar.gz")).toUri().toString();
        v2 = SampleRelease.of("2.0.0").writeTarGz(releases.resolve("app-2.0.0.tar.gz")).toUri().toString();
        cfy = new CloudifyLocal(work.resolve("storage"), "webapp", env, venv);
        frontend = "http://127.0.0.1:" + FreePort.onLoopback();
    }

    CloudifyLocal.Result init(Path blueprint) {
        CloudifyLocal.Result init = cfy.init(blueprint, Map.of("app_url", v1, "app_version", "1.0.0",
                "base_dir", work.resolve("apps").toString(), "instances", 2, "start_timeout", 10,
                "frontend_port", Integer.parseInt(frontend.substring(frontend.lastIndexOf(':') + 1)),
                "haproxy_work_dir", work.resolve("haproxy").toString()));
        assertThat(init.ok()).as("init: %s\n%s", init.json(), init.log()).isTrue();
        return init;
    }

    CloudifyLocal.Result installPutsBothInstancesBehindHaproxy() {
        installed = true;
        CloudifyLocal.Result install = cfy.execute("install", Map.of(), 0);
        remember(install);
        assertThat(install.ok()).as("install: %s\n%s", install.json(), install.log()).isTrue();
        List<JsonNode> apps = install.instances("webapp");
        assertThat(apps).hasSize(2);
        for (JsonNode app : apps) {
            assertThat(app.path("state").asText()).isEqualTo("started");
            assertThat(Http.get(app.at("/runtime_properties/app_url").asText() + "/")).isEqualTo("version=1.0.0");
        }
        List<String> backends = new ArrayList<>();
        install.instance("haproxy").at("/runtime_properties/backends").fieldNames().forEachRemaining(backends::add);
        assertThat(backends).containsExactlyInAnyOrder(apps.get(0).path("id").asText(), apps.get(1).path("id").asText());
        assertThat(Http.get(frontend + "/")).isEqualTo("version=1.0.0");
        return install;
    }

    /** Runs webapp_upgrade to 2.0.0 for {@code percentage} of the instances; checks what each one serves. */
    CloudifyLocal.Result upgradeWithTheWorkflow(int percentage, int expectedUpgraded) {
        CloudifyLocal.Result run = cfy.execute("webapp_upgrade", Map.of("version", "2.0.0", "url", v2,
                "percentage", percentage), 0);
        remember(run);
        assertThat(run.ok()).as("webapp_upgrade: %s\n%s", run.json(), run.log()).isTrue();
        List<String> versions = new ArrayList<>();
        for (JsonNode app : run.instances("webapp")) {
            String version = app.at("/runtime_properties/app_version").asText();
            versions.add(version);
            assertThat(Http.get(app.at("/runtime_properties/app_url").asText() + "/")).isEqualTo("version=" + version);
        }
        assertThat(versions).filteredOn("2.0.0"::equals).hasSize(expectedUpgraded);
        assertThat(versions).hasSize(2);
        // every instance is back behind HAProxy: both releases answer through the frontend
        Set<String> answered = new LinkedHashSet<>();
        for (int i = 0; i < 8; i++) {
            answered.add(Http.get(frontend + "/"));
        }
        assertThat(answered).containsExactlyInAnyOrderElementsOf(versions.stream().map(v -> "version=" + v).distinct().toList());
        return run;
    }

    CloudifyLocal.Result instances() {
        return cfy.instances();
    }

    /** Any workflow, for checks the story itself does not make. */
    CloudifyLocal.Result execute(String workflow, Map<String, ?> parameters) {
        CloudifyLocal.Result run = cfy.execute(workflow, parameters, 0);
        remember(run);
        return run;
    }

    CloudifyLocal.Result uninstallStopsEverything() throws IOException {
        List<String> urls = new ArrayList<>();
        cfy.instances().instances("webapp").forEach(i -> urls.add(i.at("/runtime_properties/app_url").asText()));
        CloudifyLocal.Result run = cfy.execute("uninstall", Map.of(), 0);
        assertThat(run.ok()).as("uninstall: %s\n%s", run.json(), run.log()).isTrue();
        installed = false;
        for (long pid : pids) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d alive", pid).isFalse());
        }
        urls.forEach(url -> assertThat(Http.answers(url + "/")).as(url).isFalse());
        assertThat(Http.answers(frontend + "/")).as("HAProxy frontend after uninstall").isFalse();
        try (var left = Files.list(work.resolve("apps"))) {
            assertThat(left.toList()).isEmpty();
        }
        return run;
    }

    private void remember(CloudifyLocal.Result result) {
        result.json().path("instances").forEach(i -> {
            long pid = i.at("/runtime_properties/pid").asLong(0);
            if (pid > 0) {
                pids.add(pid);
            }
        });
    }

    @Override
    public void close() {
        if (installed) {
            try {
                cfy.execute("uninstall", Map.of(), 0);
            } catch (AssertionError e) {
                // the processes are killed below anyway
            }
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        for (String process : LeftoverProcesses.under(work)) {
            ProcessHandle.of(Long.parseLong(process.substring(0, process.indexOf(' '))))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
