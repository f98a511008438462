package io.neuronetes.service.runs;

import io.neuronetes.scheduler.metrics.MetricReading;
import io.neuronetes.scheduler.plan.Decision;
import io.neuronetes.scheduler.plan.PlanInputs;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One recorded decision as the API and the decision log show it: what the planner decided and why, what was read,
 * what was applied and how that went. Immutable; NaN values, and counts and names that are absent, appear as null.
 *
 * @param at          decision time
 * @param pool        the pool
 * @param current     serving target before
 * @param desired     serving target decided (after any fallback hold or override)
 * @param serving     ready serving replicas after
 * @param warm        ready warm replicas after
 * @param starting    replicas starting after
 * @param reasons     reason codes and messages, in the planner's stage order, then the service's own
 * @param actions     actions the planner emitted (budget, model selection)
 * @param inputs      the merge inputs
 * @param signals     every live value read, by name
 * @param problems    every signal that could not be read, with why
 * @param forecast    the forecast used, or null
 * @param fallback    why the run held its size instead of following the planner, or null
 * @param override    whether a manual override set the size
 * @param actuation   the actuator's outcome status and message
 */
public record DecisionRecord(Instant at, String pool, int current, int desired, int serving, int warm, int starting,
        List<ReasonView> reasons, List<ReasonView> actions, InputsView inputs, Map<String, Double> signals,
        List<SignalReader.Problem> problems, ForecastSummary forecast, String fallback, boolean override,
        ReasonView actuation) {

    /** A code and its message. */
    public record ReasonView(String code, String message) {
    }

    /** One live metric's arithmetic. */
    public record ReadingView(String metric, Double value, Double target, Double ratio, int replicas, String formula) {
        public static ReadingView of(MetricReading r) {
            return new ReadingView(r.metric(), num(r.value()), num(r.target()), num(r.ratio()), r.replicas(),
                    r.formula());
        }
    }

    /**
     * The three merge inputs: {@code reactive} null when no metric had a value, {@code predicted} null when the
     * forecast is not used (gate closed, prediction off, no forecast), {@code scheduleFloor} null without a schedule.
     */
    public record InputsView(Integer reactive, List<ReadingView> readings, List<String> missing, Integer predicted,
            Double predictedLoad, Double quantileLevel, Double confidence, String schedule, Integer scheduleFloor) {
        public static InputsView of(PlanInputs in) {
            return new InputsView(count(in.reactive().replicas()), in.reactive().readings().stream()
                    .map(ReadingView::of).toList(), in.reactive().missing(), count(in.predicted()),
                    num(in.predictedLoad()), num(in.quantileLevel()), num(in.confidence()),
                    in.schedule() == null ? null : in.schedule().name(), count(in.scheduleFloor()));
        }
    }

    /**
     * The forecast a run used: which model, its confidence and whether the gate let it through. {@code metric} is the
     * pool's load metric, the one forecasts are of, also without a model or with prediction off (null when the pool
     * has none); {@code modelVersion} is null without a model.
     */
    public record ForecastSummary(String metric, String method, String modelVersion, Double confidence,
            double minConfidence, boolean gateOpen, String note) {

        /**
         * The summary of an evaluation's forecast; the gate is open when predictive scaling is enabled, there is a
         * forecast, and its confidence reaches {@code minConfidence} (the planner's rule).
         */
        static ForecastSummary of(Evaluation ev, io.neuronetes.scheduler.spec.AgentPool spec) {
            ForecastResult fr = ev.forecast();
            var predictive = spec.autoscaling().predictive();
            if (fr.forecast() == null) {
                return new ForecastSummary(text(fr.metric()), null, text(fr.modelVersion()), null,
                        predictive.minConfidence(), false, fr.note());
            }
            double c = fr.forecast().confidence();
            return new ForecastSummary(text(fr.metric()), fr.forecast().method().name(), text(fr.modelVersion()),
                    num(c), predictive.minConfidence(), predictive.enabled() && c >= predictive.minConfidence(),
                    fr.note().isEmpty() ? fr.forecast().note() : fr.note());
        }
    }

    /** Total provisioned replicas: serving, warm and starting. */
    public int provisioned() {
        return serving + warm + starting;
    }

    /** The reason codes, in order. */
    public List<String> codes() {
        return reasons.stream().map(ReasonView::code).toList();
    }

    static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** A replica count, null for the planner's -1 (not present). */
    static Integer count(int replicas) {
        return replicas < 0 ? null : replicas;
    }

    private static String text(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The decision's reasons as the API shows them. */
    public static List<ReasonView> reasons(Decision d) {
        return d.reasons().stream().map(r -> new ReasonView(r.code().name(), r.message())).toList();
    }

    static List<ReasonView> actions(Decision d) {
        return d.actions().stream().map(a -> new ReasonView(a.type().name(), a.message())).toList();
    }
}
