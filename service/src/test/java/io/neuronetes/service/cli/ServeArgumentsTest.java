package io.neuronetes.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServeArgumentsTest {

    private record Outcome(OptionalInt status, String out, String err) {
    }

    private static Outcome serve(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OptionalInt status = Cli.serve(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutArgumentsTheServiceStarts() {
        Outcome o = serve();
        assertThat(o.status()).isEmpty();
        assertThat(o.out() + o.err()).isEmpty();
    }

    @Test
    void helpPrintsWhatServeAcceptsAndExitsZero() {
        for (String help : List.of("--help", "-h")) {
            Outcome o = serve(help);
            assertThat(o.status()).hasValue(0);
            assertThat(o.out()).contains("serve takes no arguments but --help").contains("neuronetes.prometheus.url");
            // every endpoint the token guards (docs/configuration.md, neuronetes.api.token)
            assertThat(o.out()).contains("POST /v1/scale").contains("DELETE /v1/scale/{pool}")
                    .contains("POST .../retrain");
        }
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("unknown option", List.of("--bogus"), "serve: error: unexpected argument '--bogus': "
                        + "serve takes no options"),
                // Quarkus reads no configuration from program arguments: neither form would take effect
                Arguments.of("a Quarkus key as an option", List.of("--quarkus.http.port=9000"),
                        "unexpected argument '--quarkus.http.port=9000'"),
                Arguments.of("a system property after -jar", List.of("-Dneuronetes.prometheus.url=http://p:9090"),
                        "unexpected argument '-Dneuronetes.prometheus.url=http://p:9090': system properties go "
                                + "before -jar"),
                Arguments.of("a word", List.of("now", "--bogus"), "unexpected argument 'now'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void anyOtherArgumentIsRefusedWithStatusTwo(String name, List<String> args, String message) {
        Outcome o = serve(args.toArray(String[]::new));
        assertThat(o.status()).hasValue(2);
        assertThat(o.err()).contains(message);
        assertThat(o.err().strip().lines()).hasSize(1);
        assertThat(o.out()).isEmpty();
    }
}
