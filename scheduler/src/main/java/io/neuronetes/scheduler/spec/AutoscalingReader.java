package io.neuronetes.scheduler.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads {@code spec.autoscaling}: metrics, behavior, warm pool, predictive; the guards via {@link GuardsReader}. */
final class AutoscalingReader {

    /** Longest schedule or external metric name: a name shown in reasons and used as a label. */
    static final int MAX_NAME = 253;
    /** Longest external metric query. */
    static final int MAX_QUERY = 4096;

    private final Node node;
    private final int maxReplicas;

    AutoscalingReader(Node node, int maxReplicas) {
        this.node = node;
        this.maxReplicas = maxReplicas;
    }

    Autoscaling read() {
        Autoscaling d = Autoscaling.defaults();
        List<MetricSpec> metrics = metrics();
        Strategy strategy = node.enumValue("strategy", Strategy.class, d.strategy());
        Behavior behavior = behavior(node.object("behavior"));
        Duration cooldown = node.duration("cooldownPeriod", d.cooldownPeriod());
        boolean useWarmPool = node.bool("useWarmPool", d.useWarmPool());
        ReplenishStrategy replenish = replenish(node.object("replenishStrategy"));
        Predictive predictive = predictive(node.object("predictive"));
        GuardsReader guards = new GuardsReader();
        SloTarget slo = guards.sloTarget(node.object("sloTarget"));
        CostConstraints cost = guards.costConstraints(node.object("costConstraints"));
        SpotStrategy spot = guards.spotStrategy(node.object("spotStrategy"));
        List<ExternalMetric> external = externalMetrics();
        node.check(!predictive.enabled() || metrics.stream().anyMatch(m -> m.type().additive()),
                "predictive.enabled", "needs an additive metric in autoscaling.metrics (tokens-in-queue, "
                        + "concurrent-sessions, tokens-per-second, queue-depth or tool-call-rate): forecasts are "
                        + "made of the first one and its target is one replica's capacity");
        node.finish();
        return new Autoscaling(metrics, strategy, behavior, cooldown, useWarmPool, replenish, predictive, slo, cost,
                spot, external);
    }

    private List<MetricSpec> metrics() {
        List<MetricSpec> out = new ArrayList<>();
        Set<MetricType> seen = new HashSet<>();
        for (Node m : node.objects("metrics")) {
            if (!m.has("type")) {
                m.requiredString("type");
                m.ignore("target", "averagingWindow");
                m.finish();
                continue;
            }
            MetricType type = m.enumValue("type", MetricType.class, null);
            m.check(type == null || seen.add(type), "type", "duplicate metric type " + (type == null ? ""
                    : type.yamlName()));
            Quantity target = m.quantity("target", type != null && type.durationTarget());
            if (target != null) {
                m.check(target.value() > 0, "target", "must be > 0, got " + target.text());
            }
            Duration window = m.duration("averagingWindow", MetricSpec.DEFAULT_AVERAGING_WINDOW);
            m.check(!window.isZero(), "averagingWindow", "must be > 0");
            m.finish();
            if (type != null && target != null) {
                out.add(new MetricSpec(type, target, window));
            }
        }
        return out;
    }

    private static Behavior behavior(Node b) {
        ScalingRules up = rules(b.object("scaleUp"), ScalingRules.scaleUpDefaults(), false);
        ScalingRules down = rules(b.object("scaleDown"), ScalingRules.scaleDownDefaults(), true);
        b.finish();
        return new Behavior(up, down);
    }

    private static ScalingRules rules(Node r, ScalingRules d, boolean down) {
        Duration window = r.duration("stabilizationWindow", d.stabilizationWindow());
        r.check(window.compareTo(Duration.ofHours(1)) <= 0, "stabilizationWindow", "must be at most 1h, got "
                + Quantities.format(window));
        Double percent = r.number("maxChangePercent", d.maxChangePercent(), 0, down ? 100 : 10_000);
        r.check(percent == null || percent > 0, "maxChangePercent", "must be > 0 (omit it for no percent limit)");
        Integer absolute = r.integer("maxChangeAbsolute", d.maxChangeAbsolute(), 1, Integer.MAX_VALUE);
        int period = r.integer("periodSeconds", d.periodSeconds(), 1, 1800);
        r.finish();
        return new ScalingRules(window, percent, absolute, period);
    }

    private static ReplenishStrategy replenish(Node r) {
        ReplenishStrategy d = ReplenishStrategy.defaults();
        Duration delay = r.duration("delay", d.delay());
        int batch = r.integer("batchSize", d.batchSize(), 1, Integer.MAX_VALUE);
        r.finish();
        return new ReplenishStrategy(delay, batch);
    }

    private Predictive predictive(Node p) {
        Predictive d = Predictive.defaults();
        boolean enabled = p.bool("enabled", d.enabled());
        Duration lookback = p.duration("lookbackWindow", d.lookbackWindow());
        p.check(lookback.compareTo(Duration.ofDays(1)) >= 0 && lookback.compareTo(Duration.ofDays(90)) <= 0,
                "lookbackWindow", "must be between 1d and 90d, got " + Quantities.format(lookback));
        int horizon = p.integer("horizonMinutes", d.horizonMinutes(), 1, 1440);
        double minConfidence = p.number("minConfidence", d.minConfidence(), 0, 1);
        List<Schedule> schedules = schedules(p);
        p.finish();
        return new Predictive(enabled, lookback, horizon, minConfidence, schedules);
    }

    private List<Schedule> schedules(Node p) {
        List<Schedule> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node s : p.objects("schedules")) {
            String name = s.requiredString("name");
            s.check(name == null || name.length() <= MAX_NAME, "name", "longer than " + MAX_NAME + " characters");
            s.check(name == null || names.add(name), "name", "duplicate schedule name \"" + Scalars.clip(name) + "\"");
            String cron = s.requiredString("cron");
            if (cron != null && cron.length() > CronSyntax.MAX_LENGTH) {
                s.error("cron", "longer than " + CronSyntax.MAX_LENGTH + " characters");
                cron = null;
            } else if (cron != null) {
                try {
                    CronSyntax.parse(cron);
                } catch (IllegalArgumentException e) {
                    s.error("cron", e.getMessage());
                    cron = null;
                }
            }
            Integer replicas = s.integer("replicas", null, 0, Integer.MAX_VALUE);
            if (!s.has("replicas")) {
                s.error("replicas", "is required");
            }
            s.check(replicas == null || replicas <= maxReplicas, "replicas",
                    "must be <= maxReplicas (" + maxReplicas + "), got " + replicas);
            s.finish();
            if (name != null && cron != null && replicas != null) {
                out.add(new Schedule(name, cron, replicas));
            }
        }
        return out;
    }

    private List<ExternalMetric> externalMetrics() {
        List<ExternalMetric> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node e : node.objects("externalMetrics")) {
            String name = e.requiredString("name");
            e.check(name == null || name.length() <= MAX_NAME, "name", "longer than " + MAX_NAME + " characters");
            e.check(name == null || names.add(name), "name", "duplicate external metric name \""
                    + Scalars.clip(name) + "\"");
            String query = e.requiredString("query");
            e.check(query == null || query.length() <= MAX_QUERY, "query", "longer than " + MAX_QUERY
                    + " characters");
            Quantity target = e.quantity("target", false);
            if (target != null) {
                e.check(target.value() > 0, "target", "must be > 0, got " + target.text());
            }
            e.finish();
            if (name != null && query != null && target != null) {
                out.add(new ExternalMetric(name, query, target));
            }
        }
        return out;
    }
}
