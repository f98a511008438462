package io.neuronetes.service.api;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.scheduler.plan.Decision;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.service.runs.DecisionRecord;
import io.neuronetes.service.runs.Evaluation;
import io.neuronetes.service.runs.ForecastResult;
import io.neuronetes.service.runs.SignalReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/pools/{pool}/forecast}: the forecast with its intervals, its confidence and the gate, the
 * schedule in force, the reactive view per metric, and the decision the planner would make now with its reasons.
 * What is absent is null (docs/api.md), never a sentinel such as -1, 0 or an empty metric.
 */
public record PreviewView(String pool, Instant at, Instant origin, long stepSeconds, String metric,
        Views.ModelView model, Double confidence, double minConfidence, boolean predictiveEnabled, boolean gateOpen,
        String note, double quantileLevel, List<Point> points, List<Actual> history, ScheduleView schedule,
        ReactiveView reactive, DecisionView decision, Map<String, Double> signals,
        List<SignalReader.Problem> problems) {

    /** One forecast step: its time, point, 80% interval, the planning quantile and the step's confidence. */
    public record Point(int step, Instant time, double point, double lower, double upper, Double planning,
            double confidence) {
    }

    /** One value of recent history. */
    public record Actual(Instant time, Double value) {
    }

    /** The schedule in force. */
    public record ScheduleView(String name, int replicas, Instant firedAt) {
    }

    /** What the live metrics ask for; {@code replicas} null when no metric had a value. */
    public record ReactiveView(Integer replicas, List<DecisionRecord.ReadingView> readings, List<String> missing) {
    }

    /** The decision the planner would make now; {@code predicted} null when the forecast is not used. */
    public record DecisionView(int current, int desired, int serving, int warm, int starting, int provisioned,
            Integer predicted, Double predictedLoad, List<DecisionRecord.ReasonView> reasons,
            List<DecisionRecord.ReasonView> actions, String fallback, boolean override) {
    }

    /**
     * The preview of {@code spec}'s pool: {@code step} is the grid step, given also when there is no forecast;
     * {@code metric} is the pool's forecast metric (its first additive metric) whether or not it has a model.
     */
    static PreviewView of(AgentPool spec, Instant now, Evaluation ev, ForecastResult fr, TimeSeries history,
            Views.ModelView model, Duration step) {
        double minConfidence = spec.autoscaling().predictive().minConfidence();
        boolean predictive = spec.autoscaling().predictive().enabled();
        Decision d = ev.decision();
        double level = d.inputs().quantileLevel();
        Forecast f = fr.forecast();
        List<Point> points = new ArrayList<>();
        if (f != null) {
            for (int h = 1; h <= f.horizon(); h++) {
                Double planning = level > 0 && level < 1 ? f.quantile(h, level) : null;
                points.add(new Point(h, f.time(h), f.point(h), f.lower(h), f.upper(h), planning, f.confidence(h)));
            }
        }
        List<Actual> actual = new ArrayList<>();
        if (history != null) {
            for (int i = 0; i < history.size(); i++) {
                actual.add(new Actual(history.time(i), Views.num(history.value(i))));
            }
        }
        var s = d.inputs().schedule();
        List<DecisionRecord.ReasonView> reasons = new ArrayList<>();
        d.reasons().forEach(r -> reasons.add(new DecisionRecord.ReasonView(r.code().name(), r.message())));
        reasons.addAll(ev.extra());
        Double conf = f == null ? null : Views.num(f.confidence());
        String metric = spec.autoscaling().loadMetric().map(m -> m.type().yamlName()).orElse(null);
        long stepSeconds = (f == null ? step : f.step()).getSeconds();
        return new PreviewView(spec.name(), now, f == null ? null : f.origin(), stepSeconds, metric, model, conf,
                minConfidence, predictive, predictive && f != null && f.confidence() >= minConfidence,
                fr.note().isEmpty() && f != null ? f.note() : fr.note(), level, points, actual,
                s == null ? null : new ScheduleView(s.name(), s.replicas(), s.firedAt()),
                new ReactiveView(Views.count(d.inputs().reactive().replicas()), d.inputs().reactive().readings()
                        .stream().map(DecisionRecord.ReadingView::of).toList(), d.inputs().reactive().missing()),
                new DecisionView(d.current(), ev.desired(), d.serving(), d.warm(), d.starting(), d.provisioned(),
                        Views.count(d.inputs().predicted()), Views.num(d.inputs().predictedLoad()), reasons,
                        d.actions().stream().map(a -> new DecisionRecord.ReasonView(a.type().name(), a.message()))
                                .toList(), ev.fallback(), ev.override() != null),
                ev.readings().values(), ev.readings().problems());
    }
}
