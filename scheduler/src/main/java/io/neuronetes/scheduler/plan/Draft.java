package io.neuronetes.scheduler.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    /** An SLO breach response: a scale-up that skips rate limits, stabilization and cooldown. */
    boolean bypassUp;
    /** The warm replicas to keep. */
    int warmTarget;
    /** Whether part of the pool runs on spot instances. */
    boolean spot;
    PlanInputs inputs;
    Instant headroomSince;
    LocalDate budgetDay;
    double spentToday;
    /** The recommendation entering the stabilization stage (recorded for later windows). */
    int recommendation;

    Draft(int current) {
        this.current = current;
        this.desired = current;
    }

    void reason(ReasonCode code, String format, Object... args) {
        reasons.add(new Reason(code, String.format(Locale.ROOT, format, args)));
    }

    void action(ActionType type, String format, Object... args) {
        actions.add(new Action(type, String.format(Locale.ROOT, format, args)));
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
