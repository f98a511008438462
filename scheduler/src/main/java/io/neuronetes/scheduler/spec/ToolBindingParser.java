package io.neuronetes.scheduler.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a queue ToolBinding document (generic tree) into a {@link ToolBinding}. Only {@code type: queue} is
 * accepted; unknown fields of {@code spec.queueConfig} are errors. Stateless and thread-safe.
 */
public final class ToolBindingParser {

    /** Parses one ToolBinding document. */
    public ParseResult<ToolBinding> parse(Object document) {
        List<FieldError> errors = new ArrayList<>();
        Node root = Node.root(document, errors);
        String[] meta = AgentPoolParser.header(root, "ToolBinding");
        Node spec = root.object("spec");
        String type = spec.requiredString("type");
        spec.check(type == null || type.equals("queue"), "type", "only queue bindings drive scaling, got \""
                + type + "\"");
        Node q = spec.object("queueConfig");
        if (!spec.has("queueConfig")) {
            spec.error("queueConfig", "is required");
        }
        QueueProvider provider = q.enumValue("provider", QueueProvider.class, null);
        if (!q.has("provider")) {
            q.error("provider", "is required");
        }
        String queueName = q.requiredString("queueName");
        boolean onLag = q.bool("autoscaleOnLag", false);
        int threshold = q.integer("maxLagThreshold", 0, 0, Integer.MAX_VALUE);
        int prefetch = q.integer("prefetchCount", 1, 1, Integer.MAX_VALUE);
        double throughput = q.number("targetThroughput", 1.0, 0, Double.MAX_VALUE);
        q.check(throughput > 0, "targetThroughput", "must be > 0");
        q.finish();
        spec.finish();
        root.finish();
        if (!errors.isEmpty()) {
            return new ParseResult.Invalid<>(errors);
        }
        return new ParseResult.Valid<>(new ToolBinding(meta[0], meta[1], type,
                new QueueConfig(provider, queueName, onLag, threshold, prefetch, throughput)));
    }
}
