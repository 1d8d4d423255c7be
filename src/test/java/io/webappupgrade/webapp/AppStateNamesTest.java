package io.webappupgrade.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.webappupgrade.deployment.DeploymentOperations;
import org.junit.jupiter.api.Test;

/** The runtime properties the web app operations write are the ones every runtime reads. */
class AppStateNamesTest {

    @Test
    void theVersionPropertiesHaveTheNamesTheDeploymentReads() {
        assertThat(AppState.APP_VERSION).isEqualTo(DeploymentOperations.APP_VERSION);
        assertThat(AppState.APP_PREV_VERSION).isEqualTo(DeploymentOperations.APP_PREVIOUS_VERSION);
    }
}
