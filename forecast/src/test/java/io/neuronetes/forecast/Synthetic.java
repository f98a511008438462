package io.neuronetes.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/** Small seeded load series for tests: a daily cycle, a weekday bump and Poisson-like noise. */
public final class Synthetic {

    private Synthetic() {
    }

    /** {@code days} days at {@code stepMinutes}, starting Monday 2024-01-01 00:00 UTC. */
    public static TimeSeries load(int days, int stepMinutes, long seed) {
        int spd = 1440 / stepMinutes;
        double[] v = new double[days * spd];
        Random r = new Random(seed);
        for (int i = 0; i < v.length; i++) {
            double phase = 2 * Math.PI * (i % spd) / spd;
            int dow = i / spd % 7;
            double mean = 100 + 60 * Math.sin(phase - Math.PI / 2) + (dow < 5 ? 30 : 0);
            v[i] = Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        }
        return TimeSeries.of(Instant.parse("2024-01-01T00:00:00Z"), Duration.ofMinutes(stepMinutes), v);
    }

    /** A copy of {@code s} with {@code values[i]} replaced for i in [from, to). */
    public static TimeSeries with(TimeSeries s, int from, int to, double value) {
        double[] v = s.values();
        for (int i = from; i < to; i++) {
            v[i] = value;
        }
        return TimeSeries.of(s.start(), s.step(), v);
    }
}
