package io.neuronetes.service.cli;

import io.neuronetes.service.cli.NumberOptions.Interval;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The flags of {@code simulate}, parsed and checked. Every problem is an {@link IllegalArgumentException} whose
 * message names the flag; a flag given twice is one, as for {@code backtest} and {@code train}, rather than the last
 * value silently winning.
 */
record SimulateFlags(Path trace, String timeCol, String valueCol, String missingCol, double capacity,
        double coldStartMinutes, double availability, Path pool, int evalDays, Path out, Path decisions,
        boolean help) {

    /** Demand one replica serves per step; the top is far above any replica's, and prints exactly. */
    static final Interval CAPACITY = new Interval(0, false, 1e12, true, "(0, 1e12]");
    /** Minutes; an AgentPool's spec.coldStart is at most 6h. */
    static final Interval COLD_START = new Interval(0, true, 360, true, "[0, 360] minutes");
    /** The range of an AgentPool's spec.slo.availabilityPercent. */
    static final Interval AVAILABILITY = new Interval(50, true, 99.999, true, "[50, 99.999]");

    static final String USAGE = String.join("\n",
            "usage: simulate --trace T.csv --time-col C --value-col V [--missing-col M] --capacity C",
            "                --cold-start MIN [--availability PCT] [--pool POOL.yaml] [--eval-days 7] --out FILE",
            "                [--decisions FILE.jsonl]",
            "",
            "Replays a trace through daily forest trainings and the planner, the way production runs them, and",
            "writes the bench's candidate CSV (timestamp,replicas: every provisioned replica, warm and starting",
            "included) for ../shared/bench/scaling_score.py --candidate FILE.",
            "",
            "  --trace FILE        trace CSV (the bench's format)",
            "  --time-col NAME     time column",
            "  --value-col NAME    demand column (the pool's load per step)",
            "  --missing-col NAME  0/1 column flagging gaps (optional)",
            "  --capacity C        demand one replica serves per step, in (0, 1e12]",
            "  --cold-start MIN    minutes from requesting a replica to it serving, in [0, 360]",
            "  --availability PCT  availability level to provision for, in [50, 99.999] (default: the pool's, 99.5)",
            "  --pool FILE         AgentPool YAML whose behaviour to replay (default: a plain predictive pool);",
            "                      capacity, cold start and availability come from the flags; its",
            "                      predictive.lookbackWindow sets the days each daily training reads (whole",
            "                      days, default 7) and predictive.horizonMinutes the forecast horizon",
            "  --eval-days N       last whole days to replay, 1..2147483647 (default 7)",
            "  --out FILE          where to write the candidate CSV",
            "  --decisions FILE    also write every decision as a JSON line: the step's demand, ready replicas",
            "                      and violation as the bench scores them, the counts, inputs and reasons",
            "  --help              this text");

    static SimulateFlags parse(List<String> args) {
        Path trace = null;
        Path pool = null;
        Path out = null;
        Path decisions = null;
        String timeCol = null;
        String valueCol = null;
        String missingCol = null;
        Double capacity = null;
        Double cold = null;
        double availability = Double.NaN;
        int evalDays = 7;
        Set<String> given = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--help") || flag.equals("-h")) {
                return new SimulateFlags(null, null, null, null, 0, 0, Double.NaN, null, 0, null, null, true);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(known(flag) ? flag + " needs a value" : "unknown option " + flag);
            }
            String v = args.get(++i);
            check(!known(flag) || given.add(flag), flag + " given twice");
            switch (flag) {
                case "--trace" -> trace = Path.of(v);
                case "--time-col" -> timeCol = v;
                case "--value-col" -> valueCol = v;
                case "--missing-col" -> missingCol = v;
                case "--capacity" -> capacity = NumberOptions.number(flag, v, CAPACITY);
                case "--cold-start" -> cold = NumberOptions.number(flag, v, COLD_START);
                case "--availability" -> availability = NumberOptions.number(flag, v, AVAILABILITY);
                case "--pool" -> pool = Path.of(v);
                case "--eval-days" -> evalDays = NumberOptions.whole(flag, v, 1, Integer.MAX_VALUE);
                case "--out" -> out = Path.of(v);
                case "--decisions" -> decisions = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        require("--trace", trace);
        require("--time-col", timeCol);
        require("--value-col", valueCol);
        require("--capacity", capacity);
        require("--cold-start", cold);
        require("--out", out);
        return new SimulateFlags(trace, timeCol, valueCol, missingCol, capacity, cold, availability, pool, evalDays,
                out, decisions, false);
    }

    private static boolean known(String flag) {
        return List.of("--trace", "--time-col", "--value-col", "--missing-col", "--capacity", "--cold-start",
                "--availability", "--pool", "--eval-days", "--out", "--decisions").contains(flag);
    }

    private static void require(String flag, Object value) {
        check(value != null, flag + " is required");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
