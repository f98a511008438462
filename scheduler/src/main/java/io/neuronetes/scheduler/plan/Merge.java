package io.neuronetes.scheduler.plan;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.scheduler.metrics.MetricReading;
import io.neuronetes.scheduler.metrics.Reactive;
import io.neuronetes.scheduler.metrics.ReactiveMetrics;
import io.neuronetes.scheduler.metrics.Tolerance;
import io.neuronetes.scheduler.schedule.ActiveSchedule;
import io.neuronetes.scheduler.schedule.ScheduleFloor;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.Autoscaling;
import io.neuronetes.scheduler.spec.Predictive;
import io.neuronetes.scheduler.spec.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The merge stage: reactive, gated predicted and schedule floor, and their maximum. */
final class Merge {

    private Merge() {
    }

    static void apply(Draft d, PoolState s, Signals signals, Forecast forecast, AgentPool spec, Instant now) {
        Autoscaling a = spec.autoscaling();
        int ready = ready(s, signals);
        Reactive reactive = ReactiveMetrics.compute(a.metrics(), a.externalMetrics(), a.strategy(), signals.metrics(),
                signals.external(), signals.queue(), signals.queueDepth(), ready, Tolerance.HPA);
        for (String m : reactive.missing()) {
            d.reason(ReasonCode.METRIC_MISSING, "%s has no usable value", m);
        }
        double level = spec.slo().availabilityPercent() / 100.0;
        Prediction predicted = predict(d, s, forecast, spec, now, level);
        ActiveSchedule schedule = schedule(d, s, spec, now);
        d.inputs = new PlanInputs(reactive, predicted.replicas(), predicted.load(), level,
                forecast == null ? Double.NaN : forecast.confidence(), schedule);
        d.load = Math.max(reactive.replicas(), predicted.replicas());
        d.floor = schedule == null ? -1 : schedule.replicas();
        int merged = Math.max(d.load, d.floor);
        if (merged < 0) {
            d.reason(ReasonCode.NO_SIGNAL, "no live metric, usable forecast or schedule: keep %d", d.current);
            return;
        }
        d.desired = merged;
        if (reactive.replicas() == merged) {
            d.reason(ReasonCode.REACTIVE, "%s", Draft.later(() -> explain(reactive)));
        } else if (predicted.replicas() == merged) {
            d.reason(ReasonCode.PREDICTED, "%s", Draft.later(() -> predicted.explain(level, spec.coldStart(),
                    capacity(a))));
        } else {
            d.reason(ReasonCode.SCHEDULE_FLOOR, "schedule %s (fired %s) sets a floor of %d", schedule.name(),
                    schedule.firedAt(), merged);
        }
    }

    /** Ready serving replicas: as observed, or else the planner's own count (warm replicas get no traffic). */
    static int ready(PoolState s, Signals signals) {
        return signals.ready() >= 0 ? signals.ready() : s.serving();
    }

    /** The schedule in force, from the state's cache while no cron has fired since it was computed. */
    private static ActiveSchedule schedule(Draft d, PoolState s, AgentPool spec, Instant now) {
        List<Schedule> schedules = spec.autoscaling().predictive().schedules();
        if (schedules.isEmpty()) {
            return null;
        }
        int key = Objects.hash(schedules, spec.timeZone());
        if (s.schedule() != null && s.schedule().holds(key, now)) {
            d.schedule = s.schedule();
            return s.schedule().active();
        }
        ScheduleFloor.Window w = ScheduleFloor.of(schedules, spec.timeZone()).window(now);
        d.schedule = new PoolState.ScheduleCache(key, now, w.active(), w.until());
        return w.active();
    }

    /**
     * Predicted replicas from the {@code level} quantile of the forecast over the steps from now to now + cold start
     * (the keep window: shrinking below what they need removes replicas at once, and replicas ordered later are not
     * ready for them). Only the steps from now + cold start on can be served by replicas started now, so the
     * prediction asks for {@code max(late, min(keep, current + warm))}: the late steps' need is always ordered, the
     * whole window's only as far as the current target and the warm replicas (activated at once) reach.
     */
    private static Prediction predict(Draft d, PoolState s, Forecast f, AgentPool spec, Instant now, double level) {
        Predictive p = spec.autoscaling().predictive();
        double capacity = capacity(spec.autoscaling());
        if (!p.enabled()) {
            return Prediction.NONE;
        }
        if (f == null || capacity <= 0) {
            d.reason(ReasonCode.NO_FORECAST, f == null ? "no forecast available" : "no additive metric to divide by");
            return Prediction.NONE;
        }
        if (f.confidence() < p.minConfidence()) {
            d.reason(ReasonCode.LOW_CONFIDENCE, "forecast confidence %s < minConfidence %s: prediction ignored",
                    Draft.num(f.confidence()), Draft.num(p.minConfidence()));
            return Prediction.NONE;
        }
        long stepNanos = f.step().toNanos();
        long sinceOrigin = Duration.between(f.origin(), now).toNanos();
        // Step h covers [origin + h*step, origin + (h+1)*step). From the step containing now to the last step that
        // starts before replicas requested at the next decision (one step later) are ready: this decision is the
        // last chance to have them serve it. With a cold start of k steps that is now .. now + k steps. Replicas
        // requested now serve from the step containing now + cold start.
        int from = (int) Math.max(1, Math.floorDiv(sinceOrigin, stepNanos));
        long readyNext = sinceOrigin + stepNanos + spec.coldStart().toNanos();
        int to = (int) Math.max(from, Math.floorDiv(readyNext + stepNanos - 1, stepNanos) - 1);
        if (from > f.horizon()) {
            d.reason(ReasonCode.NO_FORECAST, "forecast from %s ends before now", f.origin());
            return Prediction.NONE;
        }
        int readyStep = (int) Math.min(to, Math.max(from,
                Math.floorDiv(sinceOrigin + spec.coldStart().toNanos(), stepNanos)));
        double keepLoad = Math.max(0, f.maxQuantile(from, to, level));
        // A forecast that ends before the ready step stands in with its last step.
        double lateLoad = Math.max(0, f.maxQuantile(Math.min(readyStep, f.horizon()), to, level));
        int keep = ceil(keepLoad / capacity);
        int late = ceil(lateLoad / capacity);
        int reach = (int) Math.min(Integer.MAX_VALUE, (long) d.current + s.warm());
        int replicas = Math.max(late, Math.min(keep, reach));
        return new Prediction(replicas, replicas == late ? lateLoad : keepLoad, keep, keepLoad, late, lateLoad,
                f.origin().plus(f.step().multipliedBy(readyStep)), d.current, s.warm());
    }

    /**
     * What the forecast asks for: {@code replicas} (-1 when not used) and the quantile it comes from, with the keep
     * window's and the late steps' needs it was chosen between.
     */
    record Prediction(int replicas, double load, int keep, double keepLoad, int late, double lateLoad,
            Instant lateFrom, int current, int warm) {

        static final Prediction NONE = new Prediction(-1, Double.NaN, -1, Double.NaN, -1, Double.NaN, null, 0, 0);

        String explain(double level, Duration coldStart, double capacity) {
            String window = String.format(Locale.ROOT, "q%s of the forecast over the next %s = %s, / %s "
                    + "per replica = %d", Draft.num(level), format(coldStart), Draft.num(keepLoad),
                    Draft.num(capacity), keep);
            if (replicas == keep) {
                return window;
            }
            String late = String.format(Locale.ROOT, "replicas started now serve from %s, where q%s = %s "
                    + "asks for %d", lateFrom, Draft.num(level), Draft.num(lateLoad), this.late);
            if (replicas == this.late) {
                return late + " (" + window + ": the earlier steps are served by the replicas already ordered)";
            }
            return window + "; " + late + ": keep " + current + (warm > 0 ? " and activate " + (replicas - current)
                    + " of " + warm + " warm" : "");
        }
    }

    /** One replica's capacity: the target of the first additive metric, the metric forecasts are made of. */
    static double capacity(Autoscaling a) {
        return a.loadMetric().map(m -> m.target().value()).orElse(-1.0);
    }

    private static String explain(Reactive r) {
        StringBuilder sb = new StringBuilder();
        for (MetricReading m : r.readings()) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(m.metric()).append(": ").append(m.formula());
        }
        return sb.toString();
    }

    static String format(Duration d) {
        return io.neuronetes.scheduler.spec.Quantities.format(d);
    }

    static int ceil(double x) {
        if (!(x > 0)) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(x - 1e-9));
    }
}
