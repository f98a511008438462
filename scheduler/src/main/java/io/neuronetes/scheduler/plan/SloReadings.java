package io.neuronetes.scheduler.plan;

/**
 * Measured values of the SLO metrics; NaN when not measured.
 *
 * @param ttftP95         95th percentile time to first token, seconds
 * @param p95Latency      95th percentile request latency, seconds
 * @param tokensPerSecond output tokens per second per session
 */
public record SloReadings(double ttftP95, double p95Latency, double tokensPerSecond) {

    /** Nothing measured. */
    public static final SloReadings NONE = new SloReadings(Double.NaN, Double.NaN, Double.NaN);

    /** Whether anything was measured. */
    public boolean any() {
        return Double.isFinite(ttftP95) || Double.isFinite(p95Latency) || Double.isFinite(tokensPerSecond);
    }
}
