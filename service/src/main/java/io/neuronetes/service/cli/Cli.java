package io.neuronetes.service.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The commands of the executable jar other than {@code serve}, which run without the framework. */
public final class Cli {

    /** A command: takes its arguments (without its own name) and returns the process exit status. */
    @FunctionalInterface
    public interface Command {
        int run(List<String> args, PrintStream out, PrintStream err);
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        // Each command registers here: name -> implementation.
        COMMANDS.put("backtest", new BacktestCommand());
        COMMANDS.put("simulate", new SimulateCommand());
    }

    private Cli() {
    }

    /** Whether {@code name} is a command this class runs ({@code --help} included). */
    public static boolean isCommand(String name) {
        return COMMANDS.containsKey(name) || name.equals("--help") || name.equals("-h") || name.equals("help");
    }

    /** Runs the command named by {@code args[0]}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Command c = COMMANDS.get(args[0]);
        if (c == null) {
            usage(out);
            return 0;
        }
        return c.run(List.of(Arrays.copyOfRange(args, 1, args.length)), out, err);
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar neuronetes.jar [serve|" + String.join("|", COMMANDS.keySet()) + "] [options]");
        out.println("  serve      run the service (the default)");
        out.println("  COMMAND --help   the options of one command");
    }
}
