package io.neuronetes.service.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The commands of the executable jar other than {@code serve}, which run without the framework, and the jar's
 * {@code --help}. Each command registers here with a one-line summary; {@code COMMAND --help} prints its options.
 */
public final class Cli {

    /** A command: takes its arguments (without its own name) and returns the process exit status. */
    @FunctionalInterface
    public interface Command {
        int run(List<String> args, PrintStream out, PrintStream err);
    }

    /** A registered command and the line {@code --help} shows for it. */
    private record Entry(String summary, Command command) {
    }

    private static final Map<String, Entry> COMMANDS = new LinkedHashMap<>();

    static {
        register("train", "train a pool's model from Prometheus or a trace CSV into the model store",
                TrainCommand::run);
        register("backtest", "rolling-origin backtest of the forecaster on a trace CSV; writes the bench's "
                + "candidate CSV", new BacktestCommand());
        register("simulate", "replay a trace through daily trainings and the planner; writes the bench's "
                + "candidate CSV", new SimulateCommand());
    }

    private Cli() {
    }

    /** Registers {@code name} with the summary {@code --help} shows. */
    static void register(String name, String summary, Command command) {
        COMMANDS.put(name, new Entry(summary, command));
    }

    /** Registers {@code name} without a summary of its own. */
    static void register(String name, Command command) {
        register(name, "(see " + name + " --help)", command);
    }

    /** Whether {@code name} is a command this class runs ({@code --help} included). */
    public static boolean isCommand(String name) {
        return COMMANDS.containsKey(name) || isHelp(name);
    }

    /**
     * Reports a wrong command line: {@code COMMAND: error: MESSAGE} and where the options are listed, the same for
     * every command.
     *
     * @return the exit status of a usage error, 2
     */
    static int usageError(PrintStream err, String command, String message) {
        err.println(command + ": error: " + message);
        err.println("(" + command + " --help for the options)");
        return 2;
    }

    static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }

    /** Runs the command named by {@code args[0]}; {@code --help} prints the usage and returns 0. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Entry c = COMMANDS.get(args[0]);
        if (c == null) {
            usage(out);
            return 0;
        }
        return c.command().run(List.of(Arrays.copyOfRange(args, 1, args.length)), out, err);
    }

    /** The jar's usage: every command with its summary. */
    public static void usage(PrintStream out) {
        out.println("NeuroNetes predictive scaler: keeps LLM agent pools sized ahead of their load.");
        out.println();
        out.println("usage: java [-Dkey=value ...] -jar neuronetes-service-0.1.0-SNAPSHOT-runner.jar [COMMAND] [OPTIONS]");
        out.println();
        out.println("commands:");
        out.printf("  %-10s %s%n", "serve", "run the service (the default): REST API, scheduled runs, retrain jobs,");
        out.printf("  %-10s %s%n", "", "/metrics; without neuronetes.prometheus.url it runs the embedded default");
        COMMANDS.forEach((name, e) -> out.printf("  %-10s %s%n", name, e.summary()));
        out.println();
        out.println("'COMMAND --help' prints a command's options. The service reads its configuration from");
        out.println("-D system properties or NEURONETES_* environment variables (docs/configuration.md), e.g.");
        out.println("  java -Dneuronetes.prometheus.url=http://prometheus:9090 -Dneuronetes.pools.folder=pools -jar ...");
    }

    /**
     * Checks the arguments of {@code serve} (those after {@code serve}, or all of them when the command is left out):
     * it takes none but {@code --help}. Its settings are system properties given before {@code -jar} or environment
     * variables; an argument after the jar would reach neither the service nor Quarkus, which reads no
     * configuration from program arguments, so it is refused rather than ignored.
     *
     * @return empty to start the service, else the exit status: 0 after printing the usage, 2 after one line on
     *         {@code err} naming the first argument refused
     */
    public static OptionalInt serve(List<String> args, PrintStream out, PrintStream err) {
        if (args.stream().anyMatch(Cli::isHelp)) {
            serveUsage(out);
            return OptionalInt.of(0);
        }
        if (args.isEmpty()) {
            return OptionalInt.empty();
        }
        String a = args.get(0);
        err.println("serve: error: unexpected argument '" + a + "': " + (a.startsWith("-D")
                ? "system properties go before -jar (java -Dkey=value -jar ...)"
                : "serve takes no options; set its configuration with java -Dkey=value -jar ... or NEURONETES_* "
                        + "environment variables (serve --help)"));
        return OptionalInt.of(2);
    }

    /** The usage of {@code serve}. */
    public static void serveUsage(PrintStream out) {
        out.println("usage: java [-Dkey=value ...] -jar neuronetes-service-0.1.0-SNAPSHOT-runner.jar [serve]");
        out.println();
        out.println("serve takes no arguments but --help: -D system properties go before -jar, or set NEURONETES_*");
        out.println("environment variables (NEURONETES_PROMETHEUS_URL for neuronetes.prometheus.url).");
        out.println();
        out.println("Runs the service on http://0.0.0.0:8080 (quarkus.http.port): /api/v1/pools, /v1/scale, /metrics,");
        out.println("/q/openapi, /q/health. Main settings (all in docs/configuration.md):");
        out.println("  neuronetes.prometheus.url      Prometheus base URL; unset = embedded default (bundled demo pool)");
        out.println("  neuronetes.pools.folder        folder of AgentPool YAML files (default pools)");
        out.println("  neuronetes.models.folder       model store (default models)");
        out.println("  neuronetes.actuator.mode       dry-run (default) or kubernetes");
        out.println("  neuronetes.retrain.cron        when all pools retrain (default 0 0 3 * * ?)");
        out.println("  neuronetes.api.token           bearer token of POST /v1/scale, DELETE /v1/scale/{pool} and");
        out.println("                                 POST .../retrain; unset = they answer 403");
    }
}
