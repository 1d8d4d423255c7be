package io.webappupgrade.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.ctx.local.LocalNodeInstance;
import io.webappupgrade.ctx.local.LocalOperationContext;
import io.webappupgrade.traffic.LoadGenerator;
import io.webappupgrade.traffic.LoadProfile;
import io.webappupgrade.traffic.LoadReport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two app instances upgraded one after the other behind a real HAProxy under constant load:
 * unlink (drain), restart with the new version, establish. Not one request may fail.
 */
class RollingUnderLoadIT {

    @TempDir
    Path dir;

    @Test
    void unlinkAndEstablishOfEachInstanceInTurnUnderLoadFailNoRequest() throws Exception {
        try (HaproxyFixture haproxy = HaproxyFixture.start(dir)) {
            List<LocalNodeInstance> apps = List.of(haproxy.app("webapp_a", "1.0.0"), haproxy.app("webapp_b", "1.0.0"));
            apps.forEach(haproxy::establish);
            LoadProfile profile = new LoadProfile(URI.create(haproxy.frontendUrl()), 200, 0.05,
                    Duration.ofSeconds(1), Duration.ofSeconds(10));
            LoadReport report;
            try (LoadGenerator load = new LoadGenerator(profile)) {
                load.start(Duration.ofSeconds(60));
                Thread.sleep(1500);
                for (LocalNodeInstance app : apps) {
                    haproxy.unlink(app, 20);
                    haproxy.upgrade(app, "2.0.0");
                    haproxy.establish(app);
                    Thread.sleep(1500);
                }
                report = load.stop();
            }
            System.out.println("rolling upgrade under load: " + report.summary());

            assertThat(report.sent()).isGreaterThan(800);
            assertThat(report.results()).filteredOn(r -> r.path().equals("/slow")).hasSizeGreaterThan(40);
            assertThat(report.failures()).isEmpty();
            Map<String, Long> last = report.versionsPerSecond().get(report.versionsPerSecond().lastKey());
            assertThat(last).containsOnlyKeys("2.0.0");
            assertThat(report.versionsPerSecond().get(report.versionsPerSecond().firstKey())).containsOnlyKeys("1.0.0");
        }
    }
}
