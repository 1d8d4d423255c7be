package io.webappupgrade.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stateful stub manager answers as a 7.0.5 manager does where the rollout depends on it. */
class ExecutingManagerTest {

    private final ExecutingManager manager = new ExecutingManager();
    private final CapturingLogger log = new CapturingLogger();
    private final ManagerClient client = new ManagerClient(manager.connection(), StubManager.settings(1000, log));

    @AfterEach
    void close() {
        client.close();
        manager.close();
    }

    @Test
    void aConcurrentRuntimePropertyUpdateMeetsA409AndTheClientReadsAgain() {
        manager.instance("haproxy_1", Map.of("backends", Map.of()));
        boolean[] otherWriterDone = {false};

        ManagerNodeInstance stored = client.updateRuntimeProperties("haproxy_1", props -> {
            if (!otherWriterDone[0]) {
                // Another unlink stores the instance between our read and our write.
                otherWriterDone[0] = true;
                try (ManagerClient other = new ManagerClient(manager.connection())) {
                    other.updateRuntimeProperties("haproxy_1", p -> {
                        p.put("backends", Map.of("web_2", Map.of("enabled", false)));
                        return p;
                    });
                }
            }
            Map<String, Object> backends = new LinkedHashMap<>(ManagerNodeInstanceMaps.map(props.get("backends")));
            backends.put("web_1", Map.of("enabled", false));
            props.put("backends", backends);
            return props;
        });

        assertThat(stored.version()).isEqualTo(3L);
        assertThat(ManagerNodeInstanceMaps.map(stored.runtimeProperties().get("backends"))).containsKeys("web_1", "web_2");
        assertThat(manager.requests()).filteredOn(r -> r.startsWith("PATCH")).hasSize(3);
        assertThat(log.lines()).anyMatch(l -> l.contains("changed since version 1 was read"));
    }

    @Test
    void aSecondExecutionOnABusyDeploymentIsRefusedUnlessQueued() {
        manager.deployment("shop", List.of("install", "webapp_upgrade"));
        manager.nextExecutions(ExecutingManager.Script.runsUntilCancelled());
        client.startExecution("shop", "install", Map.of());

        assertThatThrownBy(() -> client.startExecution("shop", "webapp_upgrade", Map.of()))
                .isInstanceOf(ExistingRunningExecutionException.class)
                .hasMessageContaining("existing_running_execution_error");
        assertThat(manager.executions()).hasSize(1);
    }

    @Test
    void aWorkflowTheDeploymentDoesNotDeclareIsRefused() {
        manager.deployment("shop", List.of("install"));

        assertThatThrownBy(() -> client.startExecution("shop", "webapp_upgrade", Map.of()))
                .isInstanceOf(ManagerException.class).hasMessageContaining("does not exist in deployment shop");
    }
}
