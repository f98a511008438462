package io.neuronetes.service.api;

import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.Quantities;
import io.neuronetes.service.models.ServingModel;
import io.neuronetes.service.pools.PoolProblem;
import io.neuronetes.service.runs.DecisionRecord;
import io.neuronetes.service.runs.ManualOverride;
import io.neuronetes.service.runs.PoolRuntime;
import io.neuronetes.service.runs.RunOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON shapes of the API (documented in docs/api.md). NaN values and absent counts are null. */
public final class Views {

    private Views() {
    }

    /** {@code GET /api/v1/pools}. */
    public record PoolList(String actuator, boolean demo, List<PoolSummary> pools, List<Invalid> invalid) {
    }

    /**
     * A document that is not served and why; {@code servedRevision} is the revision of its last valid version when
     * that is served in its place (a refused newer version), else null.
     */
    public record Invalid(String origin, String kind, String name, List<String> errors, String servedRevision) {
        static Invalid of(PoolProblem p) {
            return new Invalid(p.origin().toString(), p.kind(), p.name().orElse(null), p.errors(),
                    p.servedRevision().orElse(null));
        }
    }

    /** One pool in the list; {@code refused} is null unless a newer version of its document was refused. */
    public record PoolSummary(String name, String namespace, String origin, int minReplicas, int maxReplicas,
            long periodSeconds, boolean predictive, List<String> metrics, Integer desired, Integer serving,
            Integer warm, RunView lastRun, ModelView model, OverrideView override, RefusedView refused) {
    }

    /**
     * A newer version of a served pool's document that was refused: the pool runs on at its last valid version,
     * {@code servedRevision} (a content hash for files, {@code generation N} for AgentPools); {@code refusedRevision}
     * is the refused version's, in the same form (null when it could not be read: unreadable YAML), and
     * {@code errors} say what is wrong with it.
     */
    public record RefusedView(String origin, String servedRevision, String refusedRevision, List<String> errors) {
        static RefusedView of(PoolProblem p) {
            return new RefusedView(p.origin().toString(), p.servedRevision().orElse(null),
                    p.refusedRevision().orElse(null), p.errors());
        }
    }

    /** {@code GET /api/v1/pools/{pool}}. */
    public record PoolDetail(PoolSummary pool, SpecView spec, TrainingView training,
            List<DecisionRecord> decisions) {
    }

    /** The spec fields that matter most when reading decisions. */
    public record SpecView(String target, String coldStart, String timeZone, double availabilityPercent,
            String strategy, int horizonMinutes, double minConfidence, String lookbackWindow,
            List<ScheduleView> schedules, int warmTarget) {
        static SpecView of(AgentPool p) {
            var pr = p.autoscaling().predictive();
            return new SpecView(p.targetRef().kind().yamlName() + "/" + p.targetRef().name(),
                    Quantities.format(p.coldStart()), p.timeZone().getId(), p.slo().availabilityPercent(),
                    p.autoscaling().strategy().name().toLowerCase(java.util.Locale.ROOT), pr.horizonMinutes(),
                    pr.minConfidence(), Quantities.format(pr.lookbackWindow()), pr.schedules().stream()
                            .map(s -> new ScheduleView(s.name(), s.cron(), s.replicas())).toList(), p.warmTarget());
        }
    }

    /** A schedule of the spec. */
    public record ScheduleView(String name, String cron, int replicas) {
    }

    /** The last run. */
    public record RunView(String status, Instant at, String message, double seconds) {
        static RunView of(RunOutcome o) {
            return new RunView(o.status().name(), o.at(), o.message(), o.duration().toNanos() / 1e9);
        }
    }

    /** The serving model and its backtest scores. */
    public record ModelView(String metric, String version, String method, Instant trainedAt, Double relativeMae,
            Double coverage80, Double confidence) {
        static ModelView of(ServingModel m) {
            return new ModelView(m.metric(), m.version(), m.method(), m.trainedAt(), num(m.relativeMae()),
                    num(m.coverage80()), num(m.overallConfidence()));
        }
    }

    /** The last retrain job of the pool. */
    public record TrainingView(String outcome, Instant at, String message, double seconds) {
    }

    /** A manual override in force. */
    public record OverrideView(int replicas, int requested, String reason, Instant at, Instant until) {
        static OverrideView of(ManualOverride o) {
            return new OverrideView(o.replicas(), o.requested(), o.reason(), o.at(), o.until());
        }
    }

    static PoolSummary summary(PoolRuntime rt, Optional<ServingModel> model, Optional<PoolProblem> refused,
            Instant now) {
        AgentPool p = rt.entry().pool();
        Optional<DecisionRecord> last = rt.log().last();
        var b = p.autoscaling().behavior();
        return new PoolSummary(p.name(), p.namespace(), rt.entry().origin().toString(), p.minReplicas(),
                p.maxReplicas(), Math.min(b.scaleUp().periodSeconds(), b.scaleDown().periodSeconds()),
                p.autoscaling().predictive().enabled(),
                p.autoscaling().metrics().stream().map(m -> m.type().yamlName()).toList(),
                last.map(DecisionRecord::desired).orElse(null), last.map(DecisionRecord::serving).orElse(null),
                last.map(DecisionRecord::warm).orElse(null), rt.lastRun().map(RunView::of).orElse(null),
                model.map(ModelView::of).orElse(null),
                rt.override().filter(o -> o.activeAt(now)).map(OverrideView::of).orElse(null),
                refused.map(RefusedView::of).orElse(null));
    }

    static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** A replica count, null for the planner's -1 (not present). */
    static Integer count(int replicas) {
        return replicas < 0 ? null : replicas;
    }
}
