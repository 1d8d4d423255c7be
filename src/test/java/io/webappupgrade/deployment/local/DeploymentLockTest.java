package io.webappupgrade.deployment.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondRunIsRefusedAtOnceNamingTheHolder() {
        Path file = dir.resolve("shop.lock");
        long pid = ProcessHandle.current().pid();
        try (DeploymentLock held = DeploymentLock.acquire(file, "shop", "java -jar agent.jar rollout --local shop.yaml")) {
            assertThat(held.file()).isEqualTo(file);
            assertThatThrownBy(() -> DeploymentLock.acquire(file, "shop", "java -jar agent.jar install --local shop.yaml"))
                    .isInstanceOf(DeploymentLockedException.class)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("deployment shop is locked by another run")
                    .hasMessageContaining("pid " + pid)
                    .hasMessageContaining("started " + ProcessHandle.current().info().startInstant().orElseThrow())
                    .hasMessageContaining("command: java -jar agent.jar rollout --local shop.yaml")
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("Nothing was changed");
            assertThat(DeploymentLock.currentHolder(file)).get()
                    .satisfies(h -> assertThat(h.pid()).isEqualTo(pid))
                    .satisfies(h -> assertThat(h.command()).isEqualTo("java -jar agent.jar rollout --local shop.yaml"));
        }
        assertThat(DeploymentLock.currentHolder(file)).as("a finished run holds nothing").isEmpty();
        try (DeploymentLock again = DeploymentLock.acquire(file, "shop", "next")) {
            assertThat(DeploymentLock.currentHolder(file)).get().satisfies(h -> assertThat(h.command()).isEqualTo("next"));
        }
        assertThat(file).as("the file stays, so every run locks the same file").exists();
    }

    @Test
    void aHolderThatDiedIsNoHolder() throws Exception {
        Path file = dir.resolve("shop.lock");
        // what a killed run leaves: its lines, with a pid that no longer runs that program
        Files.writeString(file, "pid=" + ProcessHandle.current().pid() + "\nstarted=2001-01-01T00:00:00Z\ncommand=rollout\n");
        assertThat(DeploymentLock.currentHolder(file)).isEmpty();
        try (DeploymentLock taken = DeploymentLock.acquire(file, "shop", "rollout again")) {
            assertThat(Files.readString(file)).contains("command=rollout again").doesNotContain("2001-01-01");
        }
    }

    @Test
    void aLockFileThatCannotBeCreatedIsAClearError() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> DeploymentLock.acquire(notADir.resolve("shop.lock"), "shop", "rollout"))
                .hasMessageContaining("the lock file " + notADir.resolve("shop.lock") + " could not be used");
    }
}
