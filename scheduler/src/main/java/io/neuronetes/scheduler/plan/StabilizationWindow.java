package io.neuronetes.scheduler.plan;

import io.neuronetes.scheduler.plan.PoolState.Recommendation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The HPA's stabilization: a scale-up goes only as far as the lowest recommendation within the scale-up window,
 * a scale-down only as far as the highest within the scale-down window. With {@code upRec = min} and
 * {@code downRec = max} over the windows (the new recommendation included), the result is {@code current}
 * raised to {@code upRec} and lowered to {@code downRec}.
 *
 * @param up   the scale-up window (0 = none)
 * @param down the scale-down window (0 = none)
 */
public record StabilizationWindow(Duration up, Duration down) {

    /** The stabilized replicas. */
    public int apply(int current, int recommendation, List<Recommendation> recent, Instant now) {
        int upRec = recommendation;
        int downRec = recommendation;
        Instant upCutoff = now.minus(up);
        Instant downCutoff = now.minus(down);
        for (Recommendation r : recent) {
            if (r.at().isAfter(upCutoff)) {
                upRec = Math.min(upRec, r.replicas());
            }
            if (r.at().isAfter(downCutoff)) {
                downRec = Math.max(downRec, r.replicas());
            }
        }
        int result = current;
        if (result < upRec) {
            result = upRec;
        }
        if (result > downRec) {
            result = downRec;
        }
        return result;
    }

    /** {@code recent} with the new recommendation added and those older than both windows dropped. */
    public List<Recommendation> record(List<Recommendation> recent, Recommendation added) {
        Instant cutoff = added.at().minus(up.compareTo(down) > 0 ? up : down);
        List<Recommendation> out = new ArrayList<>(recent.size() + 1);
        for (Recommendation r : recent) {
            if (r.at().isAfter(cutoff)) {
                out.add(r);
            }
        }
        out.add(added);
        return out;
    }
}
