package io.neuronetes.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The two libraries stay free of the frameworks, and arrows point one way: service -> scheduler -> forecast.
 * Reads the sources as text so that a fully qualified name in code is caught as well as an import.
 */
class LayeringTest {

    private static final List<String> FRAMEWORKS = List.of("io.quarkus", "jakarta", "javax.ws", "javax.inject",
            "io.vertx", "io.fabric8");
    private static final Pattern NAME = Pattern.compile("\\b([a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+)\\.");

    @Test
    void forecastImportsNoFrameworkAndNoOtherModule() {
        List<String> offences = scan(Path.of("../forecast/src/main/java"),
                concat(FRAMEWORKS, List.of("io.neuronetes.scheduler", "io.neuronetes.service")));
        assertThat(offences).isEmpty();
    }

    @Test
    void schedulerImportsNoFrameworkAndNotTheService() {
        List<String> offences = scan(Path.of("src/main/java"), concat(FRAMEWORKS, List.of("io.neuronetes.service")));
        assertThat(offences).isEmpty();
    }

    @Test
    void theScanFindsAForbiddenName(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Bad.java"), "package x;\nimport io.quarkus.runtime.Quarkus;\n"
                + "class Bad { Object o = new io.fabric8.kubernetes.api.model.Pod(); }\n");
        assertThat(scan(dir, FRAMEWORKS)).hasSize(2);
    }

    private static List<String> scan(Path root, List<String> forbidden) {
        assertThat(root).isDirectory();
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.stripLeading().startsWith("//") || line.stripLeading().startsWith("*")) {
                        continue;
                    }
                    Matcher m = NAME.matcher(line);
                    while (m.find()) {
                        String name = m.group(1) + ".";
                        for (String f : forbidden) {
                            if (name.startsWith(f + ".")) {
                                offences.add(file + ":" + (i + 1) + ": " + line.strip());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return offences;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
