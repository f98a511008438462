package io.neuronetes.service;

import io.neuronetes.service.cli.Cli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.List;
import java.util.OptionalInt;

/**
 * Entry point of the executable jar. {@code serve} (the default, also when the first argument is an option) starts
 * the service and takes no arguments but {@code --help} ({@link Cli#serve}); {@code train}, {@code backtest} and
 * {@code simulate} run the libraries directly without starting the framework, and exit with the command's status.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        if (args.length > 0 && Cli.isCommand(args[0])) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        if (args.length > 0 && !args[0].equals("serve") && !args[0].startsWith("-")) {
            System.err.println("unknown command '" + args[0] + "'");
            Cli.usage(System.err);
            System.exit(2);
        }
        List<String> rest = List.of(args).subList(args.length > 0 && args[0].equals("serve") ? 1 : 0, args.length);
        OptionalInt refused = Cli.serve(rest, System.out, System.err);
        if (refused.isPresent()) {
            System.exit(refused.getAsInt());
        }
        Quarkus.run();
    }
}
