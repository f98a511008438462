package io.neuronetes.forecast.feature;

/**
 * Causal gap filling for model inputs, as the bench does it: a gap takes the value at the same time one day earlier
 * (recursively, so a gap over a gap reaches further back), else the last observed value; leading gaps take the
 * first observed value. Every filled value depends only on values at or before its own time, except leading gaps
 * (before the first observation there is nothing earlier to use). Targets are never filled: callers keep the raw
 * series for them.
 */
public final class CausalFill {

    private CausalFill() {
    }

    /**
     * A filled copy of {@code values}; the input is not mutated.
     *
     * @param stepsPerDay the number of steps in a day (the seasonal fill distance)
     * @return a copy without NaN, or all zeros if {@code values} has no observation at all
     */
    public static double[] fill(double[] values, int stepsPerDay) {
        double[] f = values.clone();
        for (int i = stepsPerDay; i < f.length; i++) {
            if (Double.isNaN(f[i])) {
                f[i] = f[i - stepsPerDay];
            }
        }
        double last = Double.NaN;
        for (int i = 0; i < f.length; i++) {
            if (Double.isNaN(f[i])) {
                f[i] = last;
            } else {
                last = f[i];
            }
        }
        int first = 0;
        while (first < f.length && Double.isNaN(f[first])) {
            first++;
        }
        double lead = first < f.length ? f[first] : 0;
        for (int i = 0; i < first; i++) {
            f[i] = lead;
        }
        return f;
    }
}
