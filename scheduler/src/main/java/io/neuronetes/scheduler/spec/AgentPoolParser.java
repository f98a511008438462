package io.neuronetes.scheduler.spec;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns an AgentPool document, as a generic tree ({@code Map}/{@code List}/scalars from a YAML reader or a
 * Kubernetes resource), into a typed {@link AgentPool} with every default filled in.
 *
 * <p>Every problem is collected with its field path ({@code spec.autoscaling.predictive.schedules[1].cron}) and
 * reason, unknown fields included; a document with any problem is rejected whole. {@code status} and the
 * metadata fields other than name and namespace are ignored. Stateless and thread-safe; does not mutate its input.
 */
public final class AgentPoolParser {

    /** The API group and version of the resources. */
    public static final String API_VERSION = "neuronetes.io/v1alpha1";

    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    /** Parses one AgentPool document. */
    public ParseResult<AgentPool> parse(Object document) {
        List<FieldError> errors = new ArrayList<>();
        Node root = Node.root(document, errors);
        String[] meta = header(root, "AgentPool");
        Node spec = root.object("spec");
        AgentPool pool = spec(spec, meta[0], meta[1]);
        spec.finish();
        root.finish();
        return errors.isEmpty() ? new ParseResult.Valid<>(pool) : new ParseResult.Invalid<>(errors);
    }

    /**
     * Checks apiVersion and kind, reads metadata.name and metadata.namespace.
     *
     * @return name and namespace (namespace "default" when absent)
     */
    static String[] header(Node root, String kind) {
        String apiVersion = root.requiredString("apiVersion");
        root.check(apiVersion == null || apiVersion.equals(API_VERSION), "apiVersion",
                "expected " + API_VERSION + ", got \"" + Scalars.clip(apiVersion) + "\"");
        String k = root.requiredString("kind");
        root.check(k == null || k.equals(kind), "kind", "expected " + kind + ", got \"" + Scalars.clip(k) + "\"");
        root.ignore("status");
        Node metadata = root.object("metadata");
        String name = metadata.requiredString("name");
        metadata.check(name == null || (name.length() <= 63 && DNS_LABEL.matcher(name).matches()), "name",
                "must be a DNS-1123 label (lower-case letters, digits and '-', at most 63), got \"" + Scalars.clip(name) + "\"");
        String namespace = metadata.string("namespace", "default");
        metadata.check(namespace.length() <= 63 && DNS_LABEL.matcher(namespace).matches(), "namespace",
                "must be a DNS-1123 label, got \"" + Scalars.clip(namespace) + "\"");
        return new String[] {name, namespace};
    }

    private static AgentPool spec(Node spec, String name, String namespace) {
        int min = spec.integer("minReplicas", AgentPool.DEFAULT_MIN_REPLICAS, 0, Integer.MAX_VALUE);
        int max = spec.integer("maxReplicas", Math.max(AgentPool.DEFAULT_MAX_REPLICAS, min), 1, Integer.MAX_VALUE);
        spec.check(min <= max, "maxReplicas", "must be >= minReplicas (" + min + "), got " + max);
        double prewarm = spec.number("prewarmPercent", 0.0, 0, 100);
        Autoscaling autoscaling = new AutoscalingReader(spec.object("autoscaling"), max).read();
        TargetRef targetRef = targetRef(spec.object("targetRef"), name);
        Duration coldStart = spec.duration("coldStart", AgentPool.DEFAULT_COLD_START);
        spec.check(coldStart.compareTo(Duration.ofHours(6)) <= 0, "coldStart", "must be at most 6h, got "
                + Quantities.format(coldStart));
        ZoneId zone = zone(spec);
        String classRef = spec.string("agentClassRef", null);
        Slo slo = Slo.defaults();
        if (spec.has("slo")) {
            Node node = spec.object("slo");
            slo = AgentClassParser.slo(node);
            node.finish();
            spec.check(classRef == null, "slo", "set either slo or agentClassRef, not both");
        }
        String bindingRef = spec.string("toolBindingRef", null);
        checkName(spec, "agentClassRef", classRef);
        checkName(spec, "toolBindingRef", bindingRef);
        return new AgentPool(name, namespace, min, max, prewarm, autoscaling, targetRef, coldStart, zone, classRef,
                slo, bindingRef);
    }

    private static TargetRef targetRef(Node node, String poolName) {
        WorkloadKind kind = node.enumValue("kind", WorkloadKind.class, WorkloadKind.DEPLOYMENT);
        String name = node.string("name", poolName);
        checkName(node, "name", name);
        node.ignore("apiVersion");
        node.finish();
        return new TargetRef(kind, name);
    }

    private static ZoneId zone(Node spec) {
        String text = spec.string("timeZone", "UTC");
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            spec.error("timeZone", "unknown time zone \"" + Scalars.clip(text) + "\" (use an IANA name such as Europe/Berlin)");
            return ZoneOffset.UTC;
        }
    }

    private static void checkName(Node node, String key, String value) {
        node.check(value == null || (value.length() <= 253 && DNS_LABEL.matcher(value).matches()), key,
                "must be a DNS-1123 name (at most 253 characters), got \"" + Scalars.clip(value) + "\"");
    }
}
