package io.neuronetes.service.config;

import static io.neuronetes.service.testsupport.TestConfig.load;
import static io.neuronetes.service.testsupport.TestConfig.loadKubernetes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigCheckTest {

    @Test
    void defaultsAreValidAndDocumentedValues() {
        NeuronetesConfig c = load(Map.of());
        assertThat(ConfigCheck.problems(c)).isEmpty();
        assertThat(c.prometheus().url()).isEmpty();
        assertThat(c.prometheus().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.prometheus().step()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.models().folder().toString()).isEqualTo("models");
        assertThat(c.actuator().mode()).isEqualTo(ActuatorMode.DRY_RUN);
        assertThat(c.retrain().cron()).isEqualTo("0 0 3 * * ?");
        assertThat(c.api().token()).isEmpty();
        assertThat(c.api().previewReuse()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.queries().templates()).isEmpty();
    }

    @Test
    void hyphenatedModeAndNestedPoolTemplatesBind() {
        NeuronetesConfig c = load(Map.of("neuronetes.actuator.mode", "kubernetes",
                "neuronetes.queries.pools.chat-pool.tokens-in-queue", "sum(q{app=\"chat\"})"));
        assertThat(c.actuator().mode()).isEqualTo(ActuatorMode.KUBERNETES);
        assertThat(c.queries().pools().get("chat-pool")).containsEntry("tokens-in-queue", "sum(q{app=\"chat\"})");
        assertThat(ConfigCheck.problems(c)).isEmpty();
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("ftp scheme", "neuronetes.prometheus.url", "ftp://x:21",
                        "neuronetes.prometheus.url: must be an http or https URL"),
                Arguments.of("credentials in url", "neuronetes.prometheus.url", "http://u:secret@p:9090",
                        "neuronetes.prometheus.url: must not hold credentials"),
                Arguments.of("zero timeout", "neuronetes.prometheus.timeout", "0s",
                        "neuronetes.prometheus.timeout: must be positive"),
                Arguments.of("step not dividing a day", "neuronetes.prometheus.step", "7m",
                        "neuronetes.prometheus.step: must divide one day (86400 s), got 420 s"),
                Arguments.of("sub-second step", "neuronetes.prometheus.step", "1500ms",
                        "neuronetes.prometheus.step: must be a positive whole number of seconds"),
                Arguments.of("over the server's point limit", "neuronetes.prometheus.max-points-per-query", "11001",
                        "neuronetes.prometheus.max-points-per-query: must be in 2..11000"),
                Arguments.of("negative retries", "neuronetes.prometheus.retries", "-1",
                        "neuronetes.prometheus.retries: must be in 0..10"),
                Arguments.of("bad cron", "neuronetes.retrain.cron", "0 0 25 * * ?",
                        "neuronetes.retrain.cron: invalid Quartz cron '0 0 25 * * ?'"),
                Arguments.of("no trainings", "neuronetes.retrain.concurrency", "0",
                        "neuronetes.retrain.concurrency: must be in 1..64"),
                Arguments.of("short token", "neuronetes.api.token", "abc",
                        "neuronetes.api.token: must be at least 16 printable ASCII characters"),
                Arguments.of("unbalanced template", "neuronetes.queries.templates.queue-depth", "sum(x{a=\"b\"}",
                        "neuronetes.queries.templates.queue-depth: unbalanced brackets"),
                Arguments.of("negative preview reuse", "neuronetes.api.preview-reuse", "-1s",
                        "neuronetes.api.preview-reuse: must be in 0s..2s"),
                Arguments.of("preview reuse beyond the signals' reuse", "neuronetes.api.preview-reuse", "3s",
                        "neuronetes.api.preview-reuse: must be in 0s..2s, got PT3S"),
                Arguments.of("zero threads", "neuronetes.runs.threads", "0", "neuronetes.runs.threads: must be in 1..256"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValueIsReportedWithItsKey(String name, String key, String value, String expected) {
        assertThat(ConfigCheck.problems(load(Map.of(key, value)))).singleElement().asString().startsWith(expected);
    }

    @Test
    void kubernetesDefaultsAreValid() {
        assertThat(ConfigCheck.problems(loadKubernetes(Map.of()))).isEmpty();
    }

    static Stream<Arguments> badKubernetesValues() {
        String le = "neuronetes.kubernetes.leader-election.";
        return Stream.of(
                Arguments.of("no write attempt", Map.of("neuronetes.kubernetes.conflict-attempts", "0"),
                        "neuronetes.kubernetes.conflict-attempts: must be at least 1, got 0"),
                // the informers' client refuses a negative resync when the pool source starts, long after start-up
                Arguments.of("negative resync", Map.of("neuronetes.kubernetes.resync", "-1s"),
                        "neuronetes.kubernetes.resync: must be 0s (no resync) or in 1s..24h, got PT-1S"),
                // ... and raises one below a second to a second, with a warning
                Arguments.of("resync below a second", Map.of("neuronetes.kubernetes.resync", "500ms"),
                        "neuronetes.kubernetes.resync: must be 0s (no resync) or in 1s..24h, got PT0.5S"),
                Arguments.of("resync beyond a day", Map.of("neuronetes.kubernetes.resync", "25h"),
                        "neuronetes.kubernetes.resync: must be 0s (no resync) or in 1s..24h, got PT25H"),
                Arguments.of("no wait for the first listing", Map.of("neuronetes.kubernetes.initial-sync-timeout",
                        "0s"), "neuronetes.kubernetes.initial-sync-timeout: must be positive and at most 2m (start-up "
                                + "waits this long for the first listing), got PT0S"),
                Arguments.of("negative wait", Map.of("neuronetes.kubernetes.initial-sync-timeout", "-5s"),
                        "neuronetes.kubernetes.initial-sync-timeout: must be positive and at most 2m"),
                // the Deployment's startup probe gives the whole start 3 minutes
                Arguments.of("wait past the startup probe", Map.of("neuronetes.kubernetes.initial-sync-timeout",
                        "5m"), "neuronetes.kubernetes.initial-sync-timeout: must be positive and at most 2m (start-up "
                                + "waits this long for the first listing), got PT5M"),
                Arguments.of("renew deadline past the lease", Map.of(le + "renew-deadline", "20s"),
                        le + "lease-duration: must be longer than renew-deadline (PT20S), got PT15S"),
                Arguments.of("retry period past the renew deadline", Map.of(le + "retry-period", "10s"),
                        le + "renew-deadline: must be longer than retry-period (PT10S), got PT10S"),
                Arguments.of("no retry period", Map.of(le + "retry-period", "0s"),
                        le + "retry-period: must be positive, got PT0S"),
                Arguments.of("lease of a fraction of a second", Map.of(le + "lease-duration", "15500ms"),
                        le + "lease-duration: must be a whole number of seconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKubernetesValues")
    void badKubernetesValueIsReportedWithItsKey(String name, Map<String, String> values, String expected) {
        assertThat(ConfigCheck.problems(loadKubernetes(values))).singleElement().asString().startsWith(expected);
    }

    @Test
    void theInformerTimingsAcceptTheirBounds() {
        for (String resync : new String[] {"0s", "1s", "24h"}) {
            assertThat(ConfigCheck.problems(loadKubernetes(Map.of("neuronetes.kubernetes.resync", resync))))
                    .as(resync).isEmpty();
        }
        for (String wait : new String[] {"1ms", "2m"}) {
            assertThat(ConfigCheck.problems(loadKubernetes(Map.of("neuronetes.kubernetes.initial-sync-timeout",
                    wait)))).as(wait).isEmpty();
        }
    }

    @Test
    void leaderElectionTimingsAreNotCheckedWhileItIsDisabled() {
        assertThat(ConfigCheck.problems(loadKubernetes(Map.of("neuronetes.kubernetes.leader-election.enabled",
                "false", "neuronetes.kubernetes.leader-election.renew-deadline", "20s")))).isEmpty();
    }

    @Test
    void secretsAreNeverEchoed() {
        assertThat(ConfigCheck.problems(load(Map.of("neuronetes.api.token", "s3cr3t"))).toString())
                .doesNotContain("s3cr3t");
    }

    @Test
    void untypedDurationIsRejectedByTheMappingNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of("neuronetes.prometheus.timeout", "soon")))
                .hasMessageContaining("neuronetes.prometheus.timeout");
    }
}
