package io.neuronetes.service.notebooks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A trace with numeric times (seconds) as the bench reads it: values by time, a missing time or an empty value
 * being a gap, and the step as the median difference of consecutive times.
 */
record TraceSeries(Map<Long, Double> values, long stepSeconds) {

    static TraceSeries read(Path file, String timeColumn, String valueColumn) throws IOException {
        SimpleCsv csv = SimpleCsv.read(file);
        Map<Long, Double> values = new HashMap<>();
        long[] times = new long[csv.size()];
        for (int row = 0; row < csv.size(); row++) {
            times[row] = csv.seconds(row, timeColumn);
            values.put(times[row], csv.number(row, valueColumn));
        }
        Arrays.sort(times);
        long[] diffs = new long[times.length - 1];
        for (int i = 1; i < times.length; i++) {
            diffs[i - 1] = times[i] - times[i - 1];
        }
        Arrays.sort(diffs);
        return new TraceSeries(values, diffs[diffs.length / 2]);
    }

    /** The value of the step starting at {@code time}, NaN for a gap or a time outside the trace. */
    double at(long time) {
        Double value = values.get(time);
        return value == null ? Double.NaN : value;
    }
}
