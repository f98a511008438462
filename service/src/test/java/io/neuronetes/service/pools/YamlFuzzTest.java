package io.neuronetes.service.pools;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.scheduler.spec.AgentPoolParser;
import io.neuronetes.scheduler.spec.ParseResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of pool files as text, before the AgentPool parser: random bytes, cut and spliced copies of a good
 * file, 100,000 levels of nesting, alias bombs ("billion laughs"), huge scalars. Reading never throws and never
 * blows the stack: a file is read into documents or refused with a message; documents then parse or are refused with
 * field errors. Prints the cases tried.
 */
class YamlFuzzTest {

    static final long SEED = 1995L;
    static final int CASES = 1_500;

    static final String GOOD = """
            apiVersion: neuronetes.io/v1alpha1
            kind: AgentPool
            metadata: {name: chat, namespace: agents}
            spec:
              minReplicas: 1
              maxReplicas: 40
              coldStart: 5m
              autoscaling:
                metrics:
                  - {type: concurrent-sessions, target: "10", averagingWindow: 1m}
                predictive:
                  enabled: true
                  schedules:
                    - {name: morning, cron: "0 8 * * 1-5", replicas: 10}
            """;

    static String bomb(int levels) {
        StringBuilder b = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i <= levels; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                b.append(j > 0 ? "," : "").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        return b.toString();
    }

    static String generate(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> {
                byte[] b = new byte[r.nextInt(2_000)];
                r.nextBytes(b);
                yield new String(b, StandardCharsets.ISO_8859_1);
            }
            case 1 -> GOOD.substring(0, r.nextInt(GOOD.length())); // cut anywhere
            case 2 -> {
                int a = r.nextInt(GOOD.length());
                int b = r.nextInt(GOOD.length());
                yield GOOD.substring(0, Math.min(a, b)) + GOOD.substring(Math.max(a, b)) + GOOD.substring(a);
            }
            case 3 -> "[".repeat(1_000 + r.nextInt(100_000));
            case 4 -> "a: ".repeat(1_000 + r.nextInt(20_000)) + "1";
            case 5 -> bomb(3 + r.nextInt(8));
            case 6 -> GOOD.replace("chat", "x".repeat(r.nextInt(300_000)));
            case 7 -> GOOD + "---\n" + GOOD.replace("\n  ", "\n\t") + "---\n[1, 2]\n";
            default -> {
                char[] alphabet = "{}[]:,-&*!|>'\"#%@`?\n\t ab01".toCharArray();
                StringBuilder s = new StringBuilder();
                for (int i = r.nextInt(500); i > 0; i--) {
                    s.append(alphabet[r.nextInt(alphabet.length)]);
                }
                yield s.toString();
            }
        };
    }

    @Test
    void generatedPoolFilesAreReadOrRefusedNeverThrow() {
        Random r = new Random(SEED);
        AgentPoolParser parser = new AgentPoolParser();
        TreeMap<String, Integer> outcomes = new TreeMap<>();
        for (int n = 0; n < CASES; n++) {
            String text = generate(r);
            YamlDocuments.Result read;
            try {
                read = YamlDocuments.read(text);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                throw new AssertionError("case " + n + " threw reading " + text.length() + " characters", e);
            }
            if (read.error() != null) {
                assertThat(read.error()).as("case %d", n).isNotBlank().hasSizeLessThan(2_000);
                outcomes.merge("refused by the reader", 1, Integer::sum);
                continue;
            }
            for (var doc : read.documents()) {
                ParseResult<?> p;
                try {
                    p = parser.parse(doc);
                    YamlDocuments.revision(doc);
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("case " + n + " threw parsing a document", e);
                }
                outcomes.merge(p.isValid() ? "valid document" : "refused by the parser", 1, Integer::sum);
                p.errors().forEach(e -> assertThat(e.toString()).hasSizeLessThan(700));
            }
            if (read.documents().isEmpty()) {
                outcomes.merge("no document", 1, Integer::sum);
            }
        }
        System.out.printf("Pool file fuzzing: %d texts (seed %d): %s%n", CASES, SEED, outcomes);
        assertThat(outcomes.getOrDefault("refused by the reader", 0)).isGreaterThan(CASES / 3);
        assertThat(outcomes).containsKey("valid document").containsKey("refused by the parser");
        assertThat(List.copyOf(outcomes.keySet())).isNotEmpty();
    }
}
