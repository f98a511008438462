package io.neuronetes.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service started with an invalid configuration, as a user starts it: {@code java -D... -jar} in a
 * subprocess, reading its exit code and both output streams. Tagged {@code packaged}: it runs after {@code package}
 * has written the jar (the {@code packaged} execution in {@code service/pom.xml}), for example with
 * {@code mvn -o -pl service -am verify -Dtest=InvalidConfigurationStartTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("packaged")
class InvalidConfigurationStartTest {

    static final Path JAR = Path.of("target/neuronetes-service-0.1.0-SNAPSHOT-runner.jar");
    static final Path CLASSES = Path.of("target/classes/io/neuronetes/service/Main.class");

    @TempDir
    Path tmp;

    @Test
    void everyBadKeyIsOneLineOnStandardErrorWithoutAStackTrace() throws Exception {
        Run run = start("-Dneuronetes.retrain.cron=bad", "-Dneuronetes.prometheus.timeout=0s",
                "-Dneuronetes.runs.threads=0", "-Dneuronetes.kubernetes.resync=-1s",
                "-Dneuronetes.kubernetes.leader-election.renew-deadline=20s");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stderr().lines()).containsExactly(
                "invalid configuration:",
                "  neuronetes.prometheus.timeout: must be positive, got PT0S",
                "  neuronetes.runs.threads: must be in 1..256, got 0",
                "  neuronetes.retrain.cron: invalid Quartz cron 'bad': Cron expression contains 1 parts but we expect "
                        + "one of [6, 7]",
                "  neuronetes.kubernetes.resync: must be 0s (no resync) or in 1s..24h, got PT-1S",
                "  neuronetes.kubernetes.leader-election.lease-duration: must be longer than renew-deadline (PT20S), "
                        + "got PT15S");
        assertThat(run.stdout()).doesNotContain("\tat ", "Failed to start");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedByTheConfigurationLayerNamingItsKey() throws Exception {
        // with an unknown key beside it, and a value out of range that only the next start can report
        // (docs/configuration.md: the configuration layer hands no settings to the check while a type is wrong)
        Run run = start("-Dneuronetes.prometheus.timeout=soon", "-Dneuronetes.retrain.day=3",
                "-Dneuronetes.runs.threads=0");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stderr().lines()).hasSize(3).first().isEqualTo("Configuration validation failed:");
        assertThat(run.stderr()).contains("neuronetes.prometheus.timeout", "\"soon\"")
                .contains("neuronetes.retrain.day in SysPropConfigSource does not map to any root")
                .doesNotContain("\tat ", "neuronetes.runs.threads");
        assertThat(run.stdout()).doesNotContain("\tat ", "Failed to start");
    }

    /** Starts the jar with {@code settings} and waits for it to stop; a started service is stopped and fails. */
    Run start(String... settings) throws IOException, InterruptedException {
        assumeTrue(Files.isRegularFile(JAR), "package the service first: mvn package -DskipTests");
        assumeTrue(Files.getLastModifiedTime(JAR).compareTo(Files.getLastModifiedTime(CLASSES)) >= 0,
                "the jar is older than the compiled classes: package the service again");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Should a start get past the validation, it must not take a port or write outside the test's folder.
        command.add("-Dquarkus.http.port=0");
        command.add("-Dneuronetes.pools.folder=" + tmp.resolve("pools"));
        command.add("-Dneuronetes.models.folder=" + tmp.resolve("models"));
        command.addAll(List.of(settings));
        command.addAll(List.of("-jar", JAR.toString()));
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("still running after 60 s with " + List.of(settings) + ": "
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    record Run(int exitCode, String stdout, String stderr) {
    }
}
