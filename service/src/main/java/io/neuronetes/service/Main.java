package io.neuronetes.service;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Entry point of the executable jar: {@code serve} (the default) starts the service. */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        Quarkus.run(args);
    }
}
