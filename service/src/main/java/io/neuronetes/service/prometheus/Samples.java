package io.neuronetes.service.prometheus;

/**
 * The samples of one series from a range query, in time order.
 *
 * @param labels the series' label set as Prometheus printed it, for messages
 * @param times  sample times in epoch milliseconds, ascending
 * @param values sample values; NaN and infinities kept as they came
 */
public record Samples(String labels, long[] times, double[] values) {

    public Samples {
        if (times.length != values.length) {
            throw new IllegalArgumentException("times and values differ in length");
        }
    }

    public int size() {
        return times.length;
    }
}
