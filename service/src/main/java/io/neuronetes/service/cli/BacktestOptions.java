package io.neuronetes.service.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code backtest}, named like the bench's {@code forecast_peers.py}. Values follow their flag as
 * the next argument or after {@code =}.
 */
record BacktestOptions(Path trace, String timeCol, String valueCol, String missingCol, int historyDays,
        int evalDays, int horizon, int originEvery, Path out) {

    private static final Set<String> FLAGS = Set.of("--trace", "--time-col", "--value-col", "--missing-col",
            "--history-days", "--eval-days", "--horizon", "--origin-every", "--out");

    /**
     * Parses the arguments.
     *
     * @return the options, or null when help was asked for
     * @throws IllegalArgumentException naming the flag at fault
     */
    static BacktestOptions parse(List<String> args) {
        Map<String, String> v = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            String flag = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException(a.startsWith("-") ? "unknown option " + flag
                        : "unexpected argument '" + a + "'");
            }
            String value;
            if (a.contains("=")) {
                value = a.substring(a.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            if (v.put(flag, value) != null) {
                throw new IllegalArgumentException(flag + " given twice");
            }
        }
        for (String required : List.of("--trace", "--time-col", "--value-col", "--out")) {
            if (!v.containsKey(required) || v.get(required).isBlank()) {
                throw new IllegalArgumentException(required + " is required");
            }
        }
        return new BacktestOptions(Path.of(v.get("--trace")), v.get("--time-col"), v.get("--value-col"),
                v.get("--missing-col"), positive(v, "--history-days", 7), positive(v, "--eval-days", 7),
                positive(v, "--horizon", 10), positive(v, "--origin-every", 10), Path.of(v.get("--out")));
    }

    private static int positive(Map<String, String> v, String flag, int def) {
        String s = v.get(flag);
        return s == null ? def : NumberOptions.whole(flag, s, 1, Integer.MAX_VALUE);
    }
}
