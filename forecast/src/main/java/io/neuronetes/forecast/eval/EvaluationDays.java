package io.neuronetes.forecast.eval;

import io.neuronetes.forecast.TimeSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluation days of a series, as the bench chooses them: the last {@code evalDays} whole calendar days (UTC
 * midnight to midnight; days whose first and last step both lie between the first and last value of the series).
 * A trailing partial day is not used; a whole day that is all gaps still counts. At least
 * {@code max(7, historyDays)} days must come before the first evaluation day.
 *
 * @param series the series the days belong to
 * @param stepsPerDay the number of grid steps in a day
 * @param historyDays the days of history each evaluation day trains on
 * @param firstSteps the grid index of each evaluation day's first step (midnight), ascending
 */
public record EvaluationDays(TimeSeries series, int stepsPerDay, int historyDays, List<Integer> firstSteps) {

    /** The fewest days that must come before the first evaluation day, whatever {@code historyDays} is. */
    public static final int MIN_DAYS_BEFORE = 7;

    private static final long DAY_SECONDS = 86_400;

    public EvaluationDays {
        firstSteps = List.copyOf(firstSteps);
    }

    /**
     * Chooses the evaluation days of {@code series}.
     *
     * @throws IllegalArgumentException when evalDays &lt; 1 or historyDays &lt; 1, the step does not divide a day,
     *         the grid never reaches midnight, the series has fewer whole days than {@code evalDays}, or fewer than
     *         {@code max(7, historyDays)} days come before the first evaluation day
     */
    public static EvaluationDays of(TimeSeries series, int evalDays, int historyDays) {
        if (evalDays < 1) {
            throw new IllegalArgumentException("eval days must be >= 1, got " + evalDays);
        }
        if (historyDays < 1) {
            throw new IllegalArgumentException("history days must be >= 1, got " + historyDays);
        }
        long step = series.stepSeconds();
        if (step <= 0 || DAY_SECONDS % step != 0 || series.step().getNano() != 0) {
            throw new IllegalArgumentException("step " + series.step() + " does not divide a day");
        }
        int spd = (int) (DAY_SECONDS / step);
        long t0 = series.start().getEpochSecond();
        long firstMidnight = Math.floorDiv(t0 + DAY_SECONDS - 1, DAY_SECONDS) * DAY_SECONDS;
        if ((firstMidnight - t0) % step != 0) {
            throw new IllegalArgumentException("the " + step + " s grid starting at " + series.start()
                    + " never reaches midnight");
        }
        int start0 = (int) ((firstMidnight - t0) / step);
        List<Integer> whole = new ArrayList<>();
        for (int s = start0; s + spd <= series.size(); s += spd) {
            whole.add(s);
        }
        int needDays = Math.max(MIN_DAYS_BEFORE, historyDays);
        // the most evaluation days that all have their history before them: the whole days that start late enough
        long possible = whole.stream().filter(s -> s >= (long) needDays * spd).count();
        String fitting = possible == 1 ? "1 evaluation day" : possible + " evaluation days";
        String most = possible == 0 ? "no whole day has " + needDays + " days of history before it"
                : "at most " + fitting + (possible == 1 ? " fits" : " fit") + ", each with " + needDays
                        + " days of history before it";
        if (whole.size() < evalDays) {
            throw new IllegalArgumentException("the series has " + whole.size() + " whole days; " + evalDays
                    + " evaluation days are too many: " + most);
        }
        List<Integer> days = whole.subList(whole.size() - evalDays, whole.size());
        if (days.get(0) - (long) needDays * spd < 0) {
            throw new IllegalArgumentException("the first evaluation day " + series.time(days.get(0))
                    + " has " + days.get(0) / spd + " whole days of history before it, needs " + needDays
                    + (possible == 0 ? "; use fewer history days"
                            : "; use at most " + fitting + ", or fewer history days"));
        }
        return new EvaluationDays(series, spd, historyDays, days);
    }

    /** The number of evaluation days. */
    public int count() {
        return firstSteps.size();
    }

    /** The grid index of the first step (midnight) of evaluation day {@code k} (0-based). */
    public int firstStep(int k) {
        return firstSteps.get(k);
    }

    /** The midnight that starts evaluation day {@code k}. */
    public Instant day(int k) {
        return series.time(firstSteps.get(k));
    }

    /** The grid index where the training window of day {@code k} starts: {@code historyDays} before it. */
    public int historyStart(int k) {
        return firstSteps.get(k) - historyDays * stepsPerDay;
    }
}
