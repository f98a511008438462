package io.neuronetes.scheduler.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.neuronetes.scheduler.plan.Decision;
import io.neuronetes.scheduler.plan.Planner;
import io.neuronetes.scheduler.plan.PoolState;
import io.neuronetes.scheduler.plan.Signals;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the AgentPool parser: the every-field example with one to three of its fields (or a new field)
 * replaced by generated bad values (wrong types, huge numbers, negative durations, invalid crons, unknown metric
 * types, very long strings, deep nesting, NaN). The parser must never throw; a rejected document names at least one
 * field at or around a changed path; an accepted one must plan without throwing. Prints the cases tried.
 */
class AgentPoolParserFuzzTest {

    static final long SEED = 20_240_304L;
    static final int CASES = 2_500;
    static final Instant T0 = Instant.parse("2024-03-04T12:00:00Z");

    /** One kind of bad value, made from the random source. */
    record Mutation(String name, Function<Random, Object> value) {
    }

    static final List<Mutation> MUTATIONS = List.of(
            new Mutation("wrong type: map", r -> new LinkedHashMap<>(Map.of("x", r.nextInt()))),
            new Mutation("wrong type: list", r -> List.of(r.nextInt(), "a")),
            new Mutation("wrong type: boolean", r -> r.nextBoolean()),
            new Mutation("wrong type: text", r -> "not-a-" + r.nextInt(100)),
            new Mutation("null", r -> null),
            new Mutation("huge integer", r -> new BigInteger("9".repeat(20 + r.nextInt(300)))),
            new Mutation("huge double", r -> r.nextBoolean() ? 1e300 : Double.MAX_VALUE),
            new Mutation("long min", r -> Long.MIN_VALUE),
            new Mutation("int max", r -> Integer.MAX_VALUE),
            new Mutation("huge decimal text", r -> "1" + "0".repeat(400)),
            new Mutation("NaN or infinity", r -> r.nextBoolean() ? Double.NaN : Double.NEGATIVE_INFINITY),
            new Mutation("NaN text", r -> r.nextBoolean() ? "NaN" : "-Infinity"),
            new Mutation("negative number", r -> -1 - r.nextInt(1000)),
            new Mutation("negative decimal", r -> new BigDecimal("-0.5")),
            new Mutation("negative duration", r -> "-" + (1 + r.nextInt(90)) + List.of("s", "m", "h").get(r.nextInt(3))),
            new Mutation("zero duration", r -> "0s"),
            new Mutation("huge duration", r -> "99999999999999999999h"),
            new Mutation("bad duration unit", r -> (1 + r.nextInt(9)) + List.of("x", "ms5", "m m", "ÂµÂ").get(r.nextInt(4))),
            new Mutation("invalid cron", r -> List.of("61 * * * *", "* * *", "@reboot", "0 25 * * *", "*/0 * * * *",
                    "0 8 * * 8", "a b c d e", "0 8 * * 1-5 2024 extra", "").get(r.nextInt(9))),
            new Mutation("unknown metric type", r -> List.of("gpu-temperature", "CONCURRENT_SESSIONS", "cpu",
                    "concurrent sessions").get(r.nextInt(4))),
            new Mutation("very long text", r -> "a".repeat(5_000 + r.nextInt(30_000))),
            new Mutation("control characters", r -> "pool\u0000\n\u001b[31m"),
            new Mutation("deep nesting", AgentPoolParserFuzzTest::deep),
            new Mutation("unknown time zone", r -> List.of("Mars/Olympus", "UTC+25", "", "../../etc").get(r.nextInt(4))),
            new Mutation("quantity garbage", r -> List.of("10Qi", "1e999", "--5", "5..0", "0x1F", "∞").get(r.nextInt(6))));

    static Object deep(Random r) {
        Object node = "bottom";
        int depth = 200 + r.nextInt(800);
        for (int i = 0; i < depth; i++) {
            node = i % 2 == 0 ? List.of(node) : Map.of("k", node);
        }
        return node;
    }

    @Test
    void generatedBadDocumentsAreRejectedWithAFieldNeverAnException() {
        Random random = new Random(SEED);
        AgentPoolParser parser = new AgentPoolParser();
        Map<String, Integer> byMutation = new TreeMap<>();
        int rejected = 0;
        int accepted = 0;
        for (int n = 0; n < CASES; n++) {
            Map<String, Object> doc = Docs.load("every-field.yaml");
            List<String> changed = new ArrayList<>();
            StringBuilder what = new StringBuilder();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                List<String> leaves = new ArrayList<>();
                paths(doc, "", leaves); // again after each edit: an edit may have replaced a mapping
                Mutation m = MUTATIONS.get(random.nextInt(MUTATIONS.size()));
                byMutation.merge(m.name(), 1, Integer::sum);
                String path = random.nextInt(10) == 0 ? parentOf(leaves.get(random.nextInt(leaves.size())))
                        + "unknownField" + random.nextInt(5) : leaves.get(random.nextInt(leaves.size()));
                Object value = m.value().apply(random);
                try {
                    Docs.with(doc, path, value);
                } catch (RuntimeException skipped) {
                    continue; // the path runs through a value an earlier edit generated: edit elsewhere
                }
                changed.add(path);
                what.append(m.name()).append(" at ").append(path).append("; ");
            }
            ParseResult<AgentPool> result;
            try {
                result = parser.parse(doc);
            } catch (RuntimeException | StackOverflowError ex) {
                throw new AssertionError("case " + n + " (" + what + ") threw", ex);
            }
            if (result instanceof ParseResult.Invalid<AgentPool> invalid) {
                rejected++;
                for (FieldError err : invalid.errors()) {
                    assertThat(err.path()).as("case %d (%s): %s", n, what, err).isNotBlank();
                    assertThat(err.reason()).as("case %d (%s): %s", n, what, err).isNotBlank();
                    assertThat(err.toString().length()).as("case %d (%s): error length", n, what)
                            .isLessThan(2_000);
                }
                boolean named = invalid.errors().stream().anyMatch(err -> changed.stream()
                        .anyMatch(p -> related(err.path(), p)));
                if (!named) {
                    fail("case " + n + " (" + what + "): no error names a changed field: " + invalid.message());
                }
            } else {
                accepted++;
                AgentPool pool = result.orThrow();
                // Every text an accepted pool carries is bounded (names 253, queries 4096 characters).
                assertThat(pool.toString().length()).as("case %d (%s): accepted pool size", n, what)
                        .isLessThan(20_000);
                try {
                    Decision d = Planner.plan(PoolState.initial(pool.minReplicas(), 0), Signals.none(), null, pool,
                            T0);
                    Planner.plan(d.state(), Signals.none(), null, pool, T0.plus(Duration.ofMinutes(1)));
                } catch (RuntimeException ex) {
                    throw new AssertionError("case " + n + " (" + what + ") was accepted but cannot be planned", ex);
                }
            }
        }
        System.out.printf("AgentPool parser fuzzing: %d cases (seed %d): %d rejected with a named field, %d accepted "
                + "and planned; mutations applied: %s%n", CASES, SEED, rejected, accepted, byMutation);
        assertThat(rejected + accepted).isEqualTo(CASES);
        assertThat(rejected).as("most generated documents are invalid").isGreaterThan(CASES * 3 / 4);
    }

    /** Whether an error at {@code errorPath} names the changed {@code path}, its parent, or something below it. */
    static boolean related(String errorPath, String path) {
        String e = errorPath.replaceAll("\\[\\d+]", "");
        String p = path.replaceAll("\\[\\d+]", "");
        String parent = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : p;
        return e.startsWith(parent) || p.startsWith(e)
                // Cross-field rules name the other field of the pair.
                || (p.startsWith("spec.minReplicas") && e.startsWith("spec.maxReplicas"))
                || (p.startsWith("spec.maxReplicas") && e.startsWith("spec."))
                || (p.startsWith("spec.slo") && e.startsWith("spec."))
                || (p.startsWith("spec.toolBindingRef") && e.startsWith("spec."))
                || (p.startsWith("spec.agentClassRef") && e.startsWith("spec."));
    }

    private static String parentOf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot + 1);
    }

    /** Every leaf and every mapping of the document, as paths {@code a.b[1].c}. */
    @SuppressWarnings("unchecked")
    static void paths(Object node, String prefix, List<String> out) {
        if (prefix.chars().filter(c -> c == '.' || c == '[').count() > 8) {
            out.add(prefix); // inside a generated deep value: edit it whole
        } else if (node instanceof Map<?, ?> map) {
            if (!prefix.isEmpty()) {
                out.add(prefix);
            }
            for (Map.Entry<?, ?> e : ((Map<String, Object>) map).entrySet()) {
                if (!e.getKey().equals("status")) {
                    paths(e.getValue(), prefix.isEmpty() ? (String) e.getKey() : prefix + "." + e.getKey(), out);
                }
            }
        } else if (node instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
            out.add(prefix);
            for (int i = 0; i < list.size(); i++) {
                paths(list.get(i), prefix + "[" + i + "]", out);
            }
        } else {
            out.add(prefix);
        }
    }
}
