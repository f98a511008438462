package io.neuronetes.scheduler.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The working values of one {@link Planner#plan} call, passed from stage to stage. Confined to that call. */
final class Draft {

    /** The serving target before this decision. */
    final int current;
    final List<Reason> reasons = new ArrayList<>();
    final List<Action> actions = new ArrayList<>();
    /** The serving target as the stages shape it. */
    int desired;
    /** The larger of the reactive and predicted replicas, -1 when neither is present. */
    int load = -1;
    /** The schedule floor, -1 without. */
    int floor = -1;
    /**
     * An SLO breach response: the serving target it reaches at once, past the rate limits, stabilization and
     * cooldown (at most the target); -1 without a breach. A larger target goes on through those stages.
     */
    int breachUp = -1;
    /** The warm replicas to keep. */
    int warmTarget;
    /** Whether part of the pool runs on spot instances. */
    boolean spot;
    PlanInputs inputs;
    Instant headroomSince;
    LocalDate budgetDay;
    double spentToday;
    /** The schedule floor cache for the next state. */
    PoolState.ScheduleCache schedule;
    /** The recommendation entering the stabilization stage (recorded for later windows). */
    int recommendation;

    Draft(int current) {
        this.current = current;
        this.desired = current;
    }

    /** The least target the limit stages may leave: the breach response's, or else the current one. */
    int pastLimits() {
        return Math.max(current, breachUp);
    }

    /** Keeps the breach response's target within the serving target when a stage lowers that. */
    void fitBreach() {
        breachUp = breachUp > current ? Math.min(breachUp, desired) : -1;
    }

    void reason(ReasonCode code, String format, Object... args) {
        reasons.add(Reason.lazy(code, format, args));
    }

    void action(ActionType type, String format, Object... args) {
        actions.add(Action.lazy(type, format, args));
    }

    /** A number for a message, formatted only if the message is read (4 significant digits, integers whole). */
    static Object num(double v) {
        return new Later(() -> v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.4g", v));
    }

    /** Text for a message, computed only if the message is read. */
    static Object later(Supplier<String> text) {
        return new Later(text);
    }

    private record Later(Supplier<String> text) {
        @Override
        public String toString() {
            return text.get();
        }
    }
}
