package io.neuronetes.scheduler.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads the guard blocks of {@code spec.autoscaling}: sloTarget, costConstraints and spotStrategy. */
final class GuardsReader {

    SloTarget sloTarget(Node s) {
        SloTarget d = SloTarget.defaults();
        boolean enabled = s.bool("enabled", d.enabled());
        double headroom = s.number("headroomPercent", d.headroomPercent(), 0, 1000);
        Node b = s.object("breachResponse");
        boolean immediately = b.bool("scaleUpImmediately", d.breachResponse().scaleUpImmediately());
        Integer maxScaleUp = b.integer("maxScaleUp", d.breachResponse().maxScaleUp(), 1, Integer.MAX_VALUE);
        b.finish();
        Node f = s.object("scaleDownSafety");
        double require = f.number("requireHeadroom", d.scaleDownSafety().requireHeadroom(), 0, 100);
        f.check(require < 100, "requireHeadroom", "must be below 100: a measured SLO metric beats its target by "
                + "less than 100% (a latency would have to be 0), so scale-downs would wait for ever");
        Duration check = f.duration("checkDuration", d.scaleDownSafety().checkDuration());
        f.check(check.compareTo(Duration.ofHours(24)) <= 0, "checkDuration", "must be at most 24h");
        f.finish();
        s.finish();
        return new SloTarget(enabled, headroom, new BreachResponse(immediately, maxScaleUp),
                new ScaleDownSafety(require, check));
    }

    CostConstraints costConstraints(Node c) {
        CostConstraints d = CostConstraints.defaults();
        Double maxCost = positive(c, "maxCostPerHour");
        Double budget = positive(c, "dailyBudget");
        List<BudgetAction> actions = actions(c);
        Node o = c.object("optimization");
        boolean preferSpot = o.bool("preferSpot", d.optimization().preferSpot());
        Double spotMaxPrice = positive(o, "spotMaxPrice");
        Node m = o.object("dynamicModelSelection");
        boolean dmsEnabled = m.bool("enabled", d.optimization().dynamicModelSelection().enabled());
        double threshold = m.number("costThreshold", d.optimization().dynamicModelSelection().costThreshold(), 0, 1);
        m.check(threshold > 0, "costThreshold", "must be > 0");
        m.finish();
        o.finish();
        double price = c.number("costPerReplicaHour", d.costPerReplicaHour(), 0, Double.MAX_VALUE);
        boolean needsPrice = maxCost != null || budget != null || dmsEnabled;
        c.check(!needsPrice || price > 0, "costPerReplicaHour",
                "must be > 0 when maxCostPerHour, dailyBudget or dynamicModelSelection is set");
        c.check(actions.isEmpty() || budget != null, "onBudgetExceeded", "needs dailyBudget");
        c.check(!dmsEnabled || budget != null, "optimization.dynamicModelSelection.enabled", "needs dailyBudget");
        c.finish();
        return new CostConstraints(maxCost, budget, actions,
                new Optimization(preferSpot, spotMaxPrice, new DynamicModelSelection(dmsEnabled, threshold)), price);
    }

    private static List<BudgetAction> actions(Node c) {
        Set<BudgetAction> out = new LinkedHashSet<>();
        List<Object> items = c.list("onBudgetExceeded");
        for (int i = 0; i < items.size(); i++) {
            BudgetAction a = Scalars.parseEnum(items.get(i), BudgetAction.class);
            if (a == null) {
                c.errors().add(new FieldError(c.path("onBudgetExceeded", i), "expected one of "
                        + Scalars.spellings(BudgetAction.class) + ", got " + Scalars.describe(items.get(i))));
            } else if (!out.add(a)) {
                c.errors().add(new FieldError(c.path("onBudgetExceeded", i), "duplicate action " + a.yamlName()));
            }
        }
        return new ArrayList<>(out);
    }

    SpotStrategy spotStrategy(Node s) {
        SpotStrategy d = SpotStrategy.defaults();
        boolean enabled = s.bool("enabled", d.enabled());
        double maxSpot = s.number("maxSpotPercent", d.maxSpotPercent(), 0, 100);
        Node i = s.object("onInterruption");
        InterruptionAction action = i.enumValue("action", InterruptionAction.class, d.onInterruption().action());
        Duration timeout = i.duration("timeout", d.onInterruption().timeout());
        i.finish();
        List<String> types = new ArrayList<>();
        List<Object> items = s.list("instanceTypes");
        for (int k = 0; k < items.size(); k++) {
            if (items.get(k) instanceof String t && !t.isBlank()) {
                types.add(t.strip());
            } else {
                s.errors().add(new FieldError(s.path("instanceTypes", k), "expected an instance type name, got "
                        + items.get(k)));
            }
        }
        s.finish();
        return new SpotStrategy(enabled, maxSpot, new OnInterruption(action, timeout), types);
    }

    private static Double positive(Node n, String key) {
        Double v = n.number(key, null, 0, Double.MAX_VALUE);
        n.check(v == null || v > 0, key, "must be > 0, got " + v);
        return v == null || v <= 0 ? null : v;
    }
}
