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
import io.neuronetes.scheduler.spec.MetricSpec;
import io.neuronetes.scheduler.spec.Predictive;
import io.neuronetes.scheduler.spec.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The merge stage: reactive, gated predicted and schedule floor, and their maximum. */
final class Merge {

    private Merge() {
    }

    static void apply(Draft d, PoolState s, Signals signals, Forecast forecast, AgentPool spec, Instant now) {
        Autoscaling a = spec.autoscaling();
        int ready = signals.ready() >= 0 ? signals.ready() : s.serving() + s.warm();
        Reactive reactive = ReactiveMetrics.compute(a.metrics(), a.externalMetrics(), a.strategy(), signals.metrics(),
                signals.external(), signals.queue(), signals.queueDepth(), ready, Tolerance.HPA);
        for (String m : reactive.missing()) {
            d.reason(ReasonCode.METRIC_MISSING, "%s has no usable value", m);
        }
        double level = spec.slo().availabilityPercent() / 100.0;
        double[] predicted = predict(d, forecast, spec, now, level);
        ActiveSchedule schedule = schedule(d, s, spec, now);
        d.inputs = new PlanInputs(reactive, (int) predicted[0], predicted[1], level,
                forecast == null ? Double.NaN : forecast.confidence(), schedule);
        d.load = Math.max(reactive.replicas(), (int) predicted[0]);
        d.floor = schedule == null ? -1 : schedule.replicas();
        int merged = Math.max(d.load, d.floor);
        if (merged < 0) {
            d.reason(ReasonCode.NO_SIGNAL, "no live metric, usable forecast or schedule: keep %d", d.current);
            return;
        }
        d.desired = merged;
        if (reactive.replicas() == merged) {
            d.reason(ReasonCode.REACTIVE, "%s", Draft.later(() -> explain(reactive)));
        } else if ((int) predicted[0] == merged) {
            d.reason(ReasonCode.PREDICTED, "q%s of the forecast over the next %s = %s, / %s per replica = %d",
                    Draft.num(level), format(spec.coldStart()), Draft.num(predicted[1]),
                    Draft.num(capacity(a)), merged);
        } else {
            d.reason(ReasonCode.SCHEDULE_FLOOR, "schedule %s (fired %s) sets a floor of %d", schedule.name(),
                    schedule.firedAt(), merged);
        }
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
     * Predicted replicas: the {@code level} quantile of the forecast, the largest over the steps from now to
     * now + cold start, divided by one replica's capacity. Returns {replicas or -1, load or NaN}.
     */
    private static double[] predict(Draft d, Forecast f, AgentPool spec, Instant now, double level) {
        Predictive p = spec.autoscaling().predictive();
        double capacity = capacity(spec.autoscaling());
        if (!p.enabled()) {
            return new double[] {-1, Double.NaN};
        }
        if (f == null || capacity <= 0) {
            d.reason(ReasonCode.NO_FORECAST, f == null ? "no forecast available" : "no additive metric to divide by");
            return new double[] {-1, Double.NaN};
        }
        if (f.confidence() < p.minConfidence()) {
            d.reason(ReasonCode.LOW_CONFIDENCE, "forecast confidence %s < minConfidence %s: prediction ignored",
                    Draft.num(f.confidence()), Draft.num(p.minConfidence()));
            return new double[] {-1, Double.NaN};
        }
        long stepNanos = f.step().toNanos();
        long sinceOrigin = Duration.between(f.origin(), now).toNanos();
        // Step h covers [origin + h*step, origin + (h+1)*step). From the step containing now to the last step that
        // starts before replicas requested at the next decision (one step later) are ready: this decision is the
        // last chance to have them serve it. With a cold start of k steps that is now .. now + k steps.
        int from = (int) Math.max(1, Math.floorDiv(sinceOrigin, stepNanos));
        long readyNext = sinceOrigin + stepNanos + spec.coldStart().toNanos();
        int to = (int) Math.max(from, Math.floorDiv(readyNext + stepNanos - 1, stepNanos) - 1);
        if (from > f.horizon()) {
            d.reason(ReasonCode.NO_FORECAST, "forecast from %s ends before now", f.origin());
            return new double[] {-1, Double.NaN};
        }
        double load = Math.max(0, f.maxQuantile(from, to, level));
        return new double[] {ceil(load / capacity), load};
    }

    /** One replica's capacity: the target of the first additive metric, the metric forecasts are made of. */
    static double capacity(Autoscaling a) {
        for (MetricSpec m : a.metrics()) {
            if (m.type().additive()) {
                return m.target().value();
            }
        }
        return -1;
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
