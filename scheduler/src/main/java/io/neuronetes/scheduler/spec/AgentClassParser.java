package io.neuronetes.scheduler.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an AgentClass document (generic tree) into an {@link AgentClass}: its name and {@code spec.slo}. Fields
 * of the class that the scaler does not read (model, resources, ...) are accepted and ignored; unknown fields
 * inside {@code spec.slo} are errors. Stateless and thread-safe.
 */
public final class AgentClassParser {

    /** Parses one AgentClass document. */
    public ParseResult<AgentClass> parse(Object document) {
        List<FieldError> errors = new ArrayList<>();
        Node root = Node.root(document, errors);
        String[] meta = AgentPoolParser.header(root, "AgentClass");
        Node spec = root.object("spec");
        Node sloNode = spec.object("slo");
        Slo slo = slo(sloNode);
        sloNode.finish();
        root.finish();
        return errors.isEmpty() ? new ParseResult.Valid<>(new AgentClass(meta[0], meta[1], slo))
                : new ParseResult.Invalid<>(errors);
    }

    /** Reads an {@code slo} mapping (also used inline in an AgentPool); the caller finishes the node. */
    static Slo slo(Node s) {
        Duration ttft = s.duration("ttft", null);
        s.check(ttft == null || !ttft.isZero(), "ttft", "must be > 0");
        Double tps = s.number("tokensPerSecond", null, 0, Double.MAX_VALUE);
        s.check(tps == null || tps > 0, "tokensPerSecond", "must be > 0");
        Duration p95 = s.duration("p95Latency", null);
        s.check(p95 == null || !p95.isZero(), "p95Latency", "must be > 0");
        double availability = s.number("availabilityPercent", Slo.DEFAULT_AVAILABILITY_PERCENT, 50, 99.999);
        return new Slo(ttft, tps, p95, availability);
    }
}
