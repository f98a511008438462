package io.neuronetes.forecast.bench;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.io.TraceCsv;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/** Times one NASA training (7 days of 1-minute rows, fit window the last 7 days of 14) in wall and CPU seconds. */
public final class TrainProfile {
    private TrainProfile() {
    }

    public static void main(String[] args) {
        TimeSeries s = TraceCsv.read(Path.of("../shared/traces/nasa-http/NASA_access_log_per_minute.csv"),
                "timestamp", "requests", "missing").series();
        int end = s.indexOf(java.time.Instant.parse("1995-08-25T00:00:00Z"));
        var d = io.neuronetes.forecast.forest.ForestSettings.defaults();
        var spec = io.neuronetes.forecast.feature.FeatureSpec.defaults();
        if (args.length > 1) {
            d = new io.neuronetes.forecast.forest.ForestSettings(d.trees(), Integer.parseInt(args[4]),
                    Integer.parseInt(args[3]), Integer.parseInt(args[2]), 0, Integer.parseInt(args[1]), Double.parseDouble(args[5]), 0, 2);
        }
        if (args.length > 6) {
            spec = io.neuronetes.forecast.feature.FeatureSpec.BENCH;
        }
        System.out.println(d + " " + spec);
        ForestTrainer t = new ForestTrainer(d, spec);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < Integer.parseInt(args.length > 0 ? args[0] : "5"); i++) {
            long c0 = os.getProcessCpuTime();
            long w0 = System.nanoTime();
            t.train(s.slice(0, end), s.time(end - 7 * 1440), 10);
            System.out.printf("wall %.2fs cpu %.2fs%n", (System.nanoTime() - w0) / 1e9,
                    (os.getProcessCpuTime() - c0) / 1e9);
        }
    }
}
