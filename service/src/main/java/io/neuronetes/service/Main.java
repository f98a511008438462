package io.neuronetes.service;

import io.neuronetes.service.cli.Cli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the executable jar. {@code serve} (the default, also when the first argument is an option) starts
 * the service; {@code train}, {@code backtest} and {@code simulate} run the libraries directly without starting
 * the framework, and exit with the command's status.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        if (args.length > 1 && args[0].equals("serve") && java.util.Arrays.stream(args).anyMatch(a ->
                a.equals("--help") || a.equals("-h"))) {
            Cli.serveUsage(System.out);
            System.exit(0);
        }
        if (args.length > 0 && Cli.isCommand(args[0])) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        if (args.length > 0 && !args[0].equals("serve") && !args[0].startsWith("-")) {
            System.err.println("unknown command '" + args[0] + "'");
            Cli.usage(System.err);
            System.exit(2);
        }
        String[] rest = args.length > 0 && args[0].equals("serve") ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : args;
        Quarkus.run(rest);
    }
}
