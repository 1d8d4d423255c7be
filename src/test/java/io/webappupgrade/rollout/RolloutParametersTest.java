package io.webappupgrade.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.webappupgrade.version.Version;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutParametersTest {

    private static final String SHA = "a".repeat(40) + "0123456789ABCDEFabcdef01";

    private static Map<String, Object> upgrade(Object... more) {
        Map<String, Object> m = new HashMap<>();
        m.put("version", "2.1.0");
        m.put("url", "https://releases.example.com/app-2.1.0.tar.gz");
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsApplyWhenOnlyVersionAndUrlAreGiven() {
        RolloutParameters p = RolloutParameters.forUpgrade(upgrade());

        assertThat(p.mode()).isEqualTo(RolloutMode.UPGRADE);
        assertThat(p.release()).get().satisfies(r -> {
            assertThat(r.version()).isEqualTo(Version.parse("2.1.0"));
            assertThat(r.url()).isEqualTo("https://releases.example.com/app-2.1.0.tar.gz");
            assertThat(r.sha256()).isEmpty();
        });
        assertThat(p.percentage()).isEqualTo(100);
        assertThat(p.delay()).isEqualTo(Duration.ZERO);
        assertThat(p.batchSize()).isEqualTo(new BatchSize(1, false));
        assertThat(p.maxFailures()).isZero();
        assertThat(p.autoRollback()).isTrue();
        assertThat(p.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.drainTimeoutSeconds()).isEqualTo(30);
        assertThat(p.lbRelationship()).isEqualTo("cloudify.relationships.connected_to");
        assertThat(p.nodeIds()).isEmpty();
        assertThat(p.instanceIds()).isEmpty();
        assertThat(p.dryRun()).isFalse();
    }

    @Test
    void acceptsStringsNumbersAndBooleansAsAWorkflowOrCommandLineHandsThemOver() {
        RolloutParameters fromStrings = RolloutParameters.forUpgrade(upgrade("percentage", "50", "delay", "2.5",
                "batch_size", "25%", "max_failures", "1", "auto_rollback", "False", "drain_timeout", "45",
                "node_ids", "web, api", "instance_ids", "web_1,,web_2", "dry_run", "true", "sha256", SHA));
        RolloutParameters fromValues = RolloutParameters.forUpgrade(upgrade("percentage", 50, "delay", 2.5,
                "batch_size", "25%", "max_failures", 1L, "auto_rollback", false, "drain_timeout", 45.0,
                "node_ids", List.of("web", "api"), "instance_ids", List.of("web_1", "web_2"), "dry_run", true,
                "sha256", SHA));

        assertThat(fromStrings).isEqualTo(fromValues);
        assertThat(fromStrings.percentage()).isEqualTo(50);
        assertThat(fromStrings.delay()).isEqualTo(Duration.ofMillis(2500));
        assertThat(fromStrings.batchSize()).isEqualTo(new BatchSize(25, true));
        assertThat(fromStrings.autoRollback()).isFalse();
        assertThat(fromStrings.drainTimeoutSeconds()).isEqualTo(45);
        assertThat(fromStrings.nodeIds()).containsExactly("web", "api");
        assertThat(fromStrings.instanceIds()).containsExactly("web_1", "web_2");
        assertThat(fromStrings.release().orElseThrow().sha256()).contains(SHA.toLowerCase());
    }

    @Test
    void aWholeNumberMayBeWrittenWithADecimalPointInAnySpelling() {
        assertThat(RolloutParameters.forUpgrade(upgrade("percentage", "50.0", "max_failures", 2.0)))
                .isEqualTo(RolloutParameters.forUpgrade(upgrade("percentage", 50, "max_failures", "2")));
        assertThatThrownBy(() -> RolloutParameters.forUpgrade(upgrade("percentage", "50.5")))
                .hasMessageContaining("parameter 'percentage' is '50.5': allowed is a whole number from 1 to 100");
    }

    @Test
    void nullAndBlankMeanNotGiven() {
        RolloutParameters p = RolloutParameters.forUpgrade(upgrade("sha256", null, "percentage", "", "delay", null));
        assertThat(p.release().orElseThrow().sha256()).isEmpty();
        assertThat(p.percentage()).isEqualTo(100);
        assertThat(p.delay()).isZero();
    }

    @Test
    void pauseIsAcceptedAsTheOlderNameOfDelay() {
        assertThat(RolloutParameters.forUpgrade(upgrade("pause", 10)).delay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(RolloutParameters.forUpgrade(upgrade("pause", "10", "delay", 10.0)).delay())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void drainOrderIsFewestSessionsUnlessPlannedIsAsked() {
        assertThat(RolloutParameters.forUpgrade(upgrade()).drainOrder()).isEqualTo(DrainOrder.FEWEST_SESSIONS);
        assertThat(RolloutParameters.forUpgrade(upgrade("drain_order", "planned")).drainOrder()).isEqualTo(DrainOrder.PLANNED);
        assertThat(RolloutParameters.forUpgrade(upgrade("drain_order", "Fewest-Sessions")).drainOrder())
                .isEqualTo(DrainOrder.FEWEST_SESSIONS);
        assertThat(RolloutParameters.forRollback(Map.of("drain_order", "planned")).describe())
                .containsEntry("drain_order", "planned");
    }

    @Test
    void batchModeIsRollingUnlessLockstepIsAsked() {
        assertThat(RolloutParameters.forUpgrade(upgrade()).batchMode()).isEqualTo(BatchMode.ROLLING);
        assertThat(RolloutParameters.forUpgrade(upgrade("batch_mode", " LockStep ")).batchMode())
                .isEqualTo(BatchMode.LOCKSTEP);
        assertThat(RolloutParameters.forRollback(Map.of("batch_mode", "lockstep")).describe())
                .containsEntry("batch_mode", "lockstep");
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of(upgrade("percentage", 0), "percentage", "'0': allowed is a whole number from 1 to 100"),
                Arguments.of(upgrade("percentage", 150), "percentage", "'150': allowed is a whole number from 1 to 100"),
                Arguments.of(upgrade("percentage", "abc"), "percentage", "'abc': allowed is a whole number from 1 to 100"),
                Arguments.of(upgrade("percentage", 33.5), "percentage", "'33.5': allowed is a whole number from 1 to 100"),
                Arguments.of(upgrade("delay", -1), "delay", "'-1': allowed is a number of seconds, 0 or more"),
                Arguments.of(upgrade("pause", "soon"), "pause", "'soon': allowed is a number of seconds"),
                Arguments.of(upgrade("delay", 5, "pause", 10), "delay", "'delay' (5) and 'pause' (10) disagree"),
                Arguments.of(without(upgrade(), "version"), "version", "'version' is required"),
                Arguments.of(upgrade("version", "latest"), "version", "'latest': allowed is numbers separated by dots"),
                Arguments.of(without(upgrade(), "url"), "url", "'url' is required"),
                Arguments.of(upgrade("url", "ftp://host/app.tgz"), "url", "allowed is an absolute http, https or file URL"),
                Arguments.of(upgrade("url", "app.tgz"), "url", "allowed is an absolute http, https or file URL"),
                Arguments.of(upgrade("sha256", "abc123"), "sha256", "'abc123': allowed is 64 hexadecimal characters"),
                Arguments.of(upgrade("sha256", "g".repeat(64)), "sha256", "allowed is 64 hexadecimal characters"),
                Arguments.of(upgrade("batch_size", 0), "batch_size", "'0': allowed is a count of at least 1"),
                Arguments.of(upgrade("batch_size", "0%"), "batch_size", "'0%': allowed is a count of at least 1 (for example 2) or a percentage from 1% to 100%"),
                Arguments.of(upgrade("batch_size", "101%"), "batch_size", "or a percentage from 1% to 100%"),
                Arguments.of(upgrade("batch_size", "x"), "batch_size", "'x': allowed is a count"),
                Arguments.of(upgrade("max_failures", -1), "max_failures", "'-1': allowed is a whole number, 0 or more"),
                Arguments.of(upgrade("auto_rollback", "maybe"), "auto_rollback", "'maybe': allowed is true or false"),
                Arguments.of(upgrade("drain_timeout", 0), "drain_timeout", "'0': allowed is a number of seconds greater than 0"),
                Arguments.of(upgrade("dry_run", 1), "dry_run", "'1': allowed is true or false"),
                Arguments.of(upgrade("drain_order", "busiest"), "drain_order",
                        "'busiest': allowed is fewest_sessions or planned"),
                Arguments.of(upgrade("drain_order", "planed"), "drain_order", "(did you mean 'planned'?)"),
                Arguments.of(upgrade("batch_mode", "parallel"), "batch_mode", "'parallel': allowed is rolling or lockstep"),
                Arguments.of(upgrade("batch_mode", "lockstop"), "batch_mode", "(did you mean 'lockstep'?)"),
                Arguments.of(upgrade("node_ids", Map.of("a", 1)), "node_ids", "is a mapping: allowed is a list of ids"),
                Arguments.of(upgrade("percentge", 50), "percentge", "unknown parameter 'percentge': did you mean 'percentage'?"),
                Arguments.of(upgrade("batchsize", 2), "batchsize", "did you mean 'batch_size'?"),
                Arguments.of(upgrade("colour", "red"), "colour", "unknown parameter 'colour': allowed: version, url"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("badParameters")
    void refusesABadParameterNamingItAndWhatIsAllowed(Map<String, Object> values, String parameter, String expected) {
        InvalidParametersException e = catchThrowableOfType(InvalidParametersException.class,
                () -> RolloutParameters.forUpgrade(values));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.parameter()).isEqualTo(parameter);
            assertThat(p.message()).contains("'" + parameter + "'").contains(expected);
        });
        assertThat(e.getMessage()).contains(expected).contains("nothing was changed");
    }

    @Test
    void minServingIsAWholeNumberFromZeroAndDefaultsToOne() {
        assertThat(RolloutParameters.forUpgrade(upgrade()).minServing()).isEqualTo(1);
        assertThat(RolloutParameters.forUpgrade(upgrade("min_serving", "0")).minServing()).isZero();
        assertThat(RolloutParameters.forRollback(Map.of("min_serving", 3)).minServing()).isEqualTo(3);
        for (Object bad : List.of(-1, "1.5", "two")) {
            assertThatThrownBy(() -> RolloutParameters.forUpgrade(upgrade("min_serving", bad)))
                    .isInstanceOf(InvalidParametersException.class)
                    .hasMessageContaining("parameter 'min_serving' is '" + bad
                            + "': allowed is a whole number, 0 or more (0 turns the check off)");
        }
        assertThatThrownBy(() -> RolloutParameters.forUpgrade(upgrade("min_servng", 2)))
                .hasMessageContaining("did you mean 'min_serving'?");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        Map<String, Object> values = Map.of("version", "x.y", "percentage", 0, "delay", -3, "batch_size", "0%",
                "sha256", "123", "dry_runn", true);

        InvalidParametersException e = catchThrowableOfType(InvalidParametersException.class,
                () -> RolloutParameters.forUpgrade(values));

        assertThat(e.problems()).extracting(ParameterProblem::parameter)
                .containsExactlyInAnyOrder("dry_runn", "version", "url", "sha256", "percentage", "delay", "batch_size");
        assertThat(e.getMessage()).startsWith("7 invalid rollout parameters (nothing was changed):")
                .contains("did you mean 'dry_run'?");
    }

    @Test
    void theRollbackVariantTakesTheSelectionOptionsButNoReleaseTarget() {
        RolloutParameters p = RolloutParameters.forRollback(Map.of("percentage", 50, "pause", 3,
                "instance_ids", "web_2", "batch_size", 2, "dry_run", "true"));

        assertThat(p.mode()).isEqualTo(RolloutMode.ROLLBACK);
        assertThat(p.release()).isEmpty();
        assertThat(p.autoRollback()).isFalse();
        assertThat(p.delay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(p.instanceIds()).containsExactly("web_2");
        assertThat(p.describe()).doesNotContainKeys("version", "url", "sha256", "auto_rollback");

        assertThatThrownBy(() -> RolloutParameters.forRollback(Map.of("version", "1.0", "url", "http://h/a.tgz")))
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> assertThat(e.problems())
                        .extracting(ParameterProblem::message)
                        .containsExactlyInAnyOrder(
                                "parameter 'version' does not apply to webapp_rollback, which steps each instance back"
                                        + " one release; allowed: " + String.join(", ", RolloutParameters.rollbackParameterNames()),
                                "parameter 'url' does not apply to webapp_rollback, which steps each instance back"
                                        + " one release; allowed: " + String.join(", ", RolloutParameters.rollbackParameterNames())));
    }

    @Test
    void secretsInTheUrlNeverReachMessagesOrTheDescription() {
        String secretUrl = "https://deploy:s3cr3t@releases.example.com/app.tgz?token=t0k3n&x=1";
        RolloutParameters p = RolloutParameters.forUpgrade(upgrade("url", secretUrl));

        assertThat(p.release().orElseThrow().url()).isEqualTo(secretUrl);
        assertThat(p.describe().get("url")).isEqualTo("https://***@releases.example.com/app.tgz?token=***&x=***");
        assertThat(p.toString()).doesNotContain("s3cr3t", "t0k3n");
        assertThat(p.release().orElseThrow().toString()).doesNotContain("s3cr3t", "t0k3n");

        assertThatThrownBy(() -> RolloutParameters.forUpgrade(upgrade("url", "gopher://deploy:s3cr3t@host/a?token=t0k3n")))
                .hasMessageContaining("gopher://***@host/a?token=***")
                .hasMessageNotContaining("s3cr3t").hasMessageNotContaining("t0k3n");
    }

    @Test
    void describeNamesEveryParameterByItsWorkflowName() {
        assertThat(RolloutParameters.forUpgrade(upgrade("delay", 1.5)).describe()).containsOnlyKeys(
                RolloutParameters.upgradeParameterNames().stream().filter(n -> !n.equals("pause")).toList())
                .containsEntry("delay", 1.5).containsEntry("batch_size", "1");
    }

    private static Map<String, Object> without(Map<String, Object> m, String key) {
        m.remove(key);
        return m;
    }
}
