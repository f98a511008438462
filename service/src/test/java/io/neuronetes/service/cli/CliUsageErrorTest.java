package io.neuronetes.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command answers a wrong command line in the same two lines (the error, then where the options are) with
 * status 2; an error found once the command line is right (a file that cannot be read) is one line, without the
 * pointer to the options.
 */
class CliUsageErrorTest {

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("train", new String[] {"--pool", "p", "--trace", "/nonexistent.csv", "--time-col", "t",
                        "--value-col", "v"}),
                Arguments.of("backtest", new String[] {"--trace", "/nonexistent.csv", "--time-col", "t",
                        "--value-col", "v", "--out", "/tmp/never-written-backtest.csv"}),
                Arguments.of("simulate", new String[] {"--trace", "/nonexistent.csv", "--time-col", "t",
                        "--value-col", "v", "--capacity", "10", "--cold-start", "5", "--out",
                        "/tmp/never-written-simulate.csv"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void anUnknownOptionIsNamedWithWhereTheOptionsAre(String command, String[] rest) {
        Run r = run(command, "--colour", "red");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(command + ": error: unknown option --colour\n"
                + "(" + command + " --help for the options)\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void aMissingOptionIsNamedWithWhereTheOptionsAre(String command, String[] rest) {
        Run r = run(command);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).matches(command + ": error: --[a-z-]+ is required\n\\(" + command
                + " --help for the options\\)\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void anErrorPastTheCommandLineIsOneLine(String command, String[] rest) {
        String[] args = Stream.concat(Stream.of(command), Stream.of(rest)).toArray(String[]::new);
        Run r = run(args);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith(command + ": error: ").contains("/nonexistent.csv: cannot read")
                .doesNotContain("--help").hasLineCount(1);
    }
}
