package io.webappupgrade.haproxy;

import io.webappupgrade.json.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/** The parts that act on one HAProxy, wired from its settings. */
final class HaproxyNode {

    private final HaproxySettings settings;
    private final RuntimeApiClient api;
    private final BackendStore store;
    private final ConfigInstaller installer;
    private final ConfigRenderer renderer = new ConfigRenderer();
    private final HaproxyRunner runner;

    HaproxyNode(HaproxySettings settings, JsonValues json, String systemctl) {
        this.settings = settings;
        this.api = new RuntimeApiClient(settings.statsSocket());
        this.store = new BackendStore(settings.backendsFile(), settings.lockFile(), Duration.ofSeconds(60), json);
        this.installer = new ConfigInstaller(settings.configPath(), new ConfigValidator(settings.haproxyBinary()),
                ConfigVerdicts.beside(settings.configPath(), settings.haproxyBinary()));
        this.runner = settings.runsAsService()
                ? new SystemdHaproxy(settings.serviceName(), systemctl, api)
                : new DaemonHaproxy(settings, api, Duration.ofSeconds(30));
    }

    HaproxySettings settings() {
        return settings;
    }

    HaproxyRunner runner() {
        return runner;
    }

    BackendSet backends() {
        return new BackendSet(settings, api, store, installer, renderer);
    }

    /** Writes the config from the settings and the persisted backend set (kept across a re-configure). */
    List<BackendServer> writeConfig() {
        return store.locked(() -> {
            List<BackendServer> servers = store.read();
            try {
                Files.createDirectories(settings.workDir());
            } catch (IOException e) {
                throw new UncheckedIOException("could not create " + settings.workDir() + ": " + e.getMessage(), e);
            }
            installer.install(renderer.render(settings, servers));
            store.write(servers);
            return servers;
        });
    }

    /** Removes what configure wrote: the backend set, its lock, and (for our own daemon) the config. */
    void deleteFiles() {
        store.delete();
        if (!settings.runsAsService()) {
            try {
                Files.deleteIfExists(settings.configPath());
                Files.deleteIfExists(settings.logFile());
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + settings.configPath() + ": " + e.getMessage(), e);
            }
        }
    }
}
