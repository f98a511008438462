package io.neuronetes.service.cli;

import io.neuronetes.forecast.Trainer;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.io.FileErrors;
import io.neuronetes.forecast.io.Trace;
import io.neuronetes.forecast.io.TraceCsv;
import io.neuronetes.scheduler.plan.ReasonCode;
import io.neuronetes.scheduler.replay.DayFigures;
import io.neuronetes.scheduler.replay.ReplayOptions;
import io.neuronetes.scheduler.replay.ReplayResult;
import io.neuronetes.scheduler.replay.ReplayScore;
import io.neuronetes.scheduler.replay.SimulationPool;
import io.neuronetes.scheduler.replay.StepListener;
import io.neuronetes.scheduler.replay.TraceReplay;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.AgentPoolParser;
import io.neuronetes.scheduler.spec.ParseResult;
import io.neuronetes.service.pools.YamlDocuments;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code simulate}: replays a trace through daily trainings and the planner ({@link TraceReplay}) and writes the
 * bench's candidate CSV {@code timestamp,replicas} in the trace's time format, one row per evaluated step, then
 * prints a summary with the replay's own bench figures. Bad flags or input: one line on stderr, exit status 2.
 */
public final class SimulateCommand implements Cli.Command {

    /** Days each training reads without a pool file: the AgentPool default lookbackWindow (7d). */
    static final int DEFAULT_HISTORY_DAYS = 7;

    private final Supplier<Trainer> trainer;

    /** The command with the production trainer. */
    public SimulateCommand() {
        this(SimulateCommand::productionTrainer);
    }

    /** The command with another trainer (tests). */
    public SimulateCommand(Supplier<Trainer> trainer) {
        this.trainer = trainer;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        SimulateFlags flags;
        try {
            flags = SimulateFlags.parse(args);
        } catch (IllegalArgumentException e) {
            return Cli.usageError(err, "simulate", e.getMessage());
        }
        try {
            if (flags.help()) {
                out.println(SimulateFlags.USAGE);
                return 0;
            }
            checkOutputs(flags);
            Trace trace = TraceCsv.read(flags.trace(), flags.timeCol(), flags.valueCol(), flags.missingCol());
            AgentPool file = flags.pool() == null ? null : readPool(flags.pool());
            ReplayOptions options = new ReplayOptions(flags.capacity(),
                    Duration.ofMillis(Math.round(flags.coldStartMinutes() * 60_000)), flags.availability(),
                    flags.evalDays(), file == null ? DEFAULT_HISTORY_DAYS : SimulationPool.historyDays(file));
            AgentPool pool = file == null ? SimulationPool.defaults(options, trace.series().step()) : file;
            checkNonNegative(trace);
            ReplayDecisionLog log = flags.decisions() == null ? null : new ReplayDecisionLog(trace);
            ReplayResult result = TraceReplay.run(trace.series(), trainer.get(), pool, options,
                    log == null ? StepListener.NONE : log);
            write(flags.out(), trace, result);
            if (log != null) {
                log.write(flags.decisions(), result, options.capacity());
            }
            summary(out, flags, options, trace, result);
            return 0;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("simulate: error: " + oneLine(e.getMessage()));
            return 2;
        }
    }

    /** The forest trainer with its default settings, as the service's daily retraining uses. */
    private static Trainer productionTrainer() {
        return ForestTrainer.defaults();
    }

    /**
     * The AgentPool of a YAML file: its first document, read as the service reads its pool files (YAML errors with
     * their line and column).
     */
    static AgentPool readPool(Path file) {
        YamlDocuments.Result read;
        try {
            read = YamlDocuments.read(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + FileErrors.cause(e, file), e);
        }
        if (read.error() != null) {
            throw new IllegalArgumentException(file + ": " + read.error());
        }
        if (read.documents().isEmpty()) {
            throw new IllegalArgumentException(file + ": holds no YAML document");
        }
        ParseResult<AgentPool> parsed = new AgentPoolParser().parse(read.documents().get(0));
        if (parsed instanceof ParseResult.Invalid<AgentPool> invalid) {
            throw new IllegalArgumentException(file + ": " + String.join("; ", invalid.errors().stream()
                    .map(Object::toString).toList()));
        }
        return parsed.orThrow();
    }

    private static void checkNonNegative(Trace trace) {
        for (int i = 0; i < trace.series().size(); i++) {
            if (trace.series().value(i) < 0) {
                throw new IllegalArgumentException(trace.file() + ": demand must be >= 0, got "
                        + trace.series().value(i) + " at " + trace.format(trace.series().time(i)));
            }
        }
    }

    /**
     * Before the replay's minutes: the outputs can be written, and neither is an input or the other output (a
     * candidate CSV written over the trace would lose it).
     */
    private static void checkOutputs(SimulateFlags flags) {
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--trace", flags.trace());
        inputs.put("--pool", flags.pool());
        OutputFile.distinct("--out", flags.out(), inputs);
        probe(flags.out());
        if (flags.decisions() != null) {
            inputs.put("--out", flags.out());
            OutputFile.distinct("--decisions", flags.decisions(), inputs);
            probe(flags.decisions());
        }
    }

    private static void probe(Path file) {
        try {
            OutputFile.probe(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(OutputFile.cannotWrite(file, e), e);
        }
    }

    private static void write(Path out, Trace trace, ReplayResult r) {
        try {
            OutputFile.write(out, w -> {
                w.write("timestamp,replicas\n");
                for (int k = 0; k < r.steps(); k++) {
                    w.write(trace.format(r.time(k)) + "," + r.provisioned()[k] + "\n");
                }
            });
        } catch (IOException e) {
            throw new IllegalArgumentException(OutputFile.cannotWrite(out, e), e);
        }
    }

    private static void summary(PrintStream out, SimulateFlags flags, ReplayOptions options, Trace trace,
            ReplayResult r) {
        ReplayScore s = r.score();
        out.printf(Locale.ROOT, "simulate: %d steps from %s, capacity %s, cold start %s min, availability %s%% "
                + "(quantile %s)%n", r.steps(), r.firstStep(), fmt(flags.capacity()),
                fmt(options.coldStart().toMillis() / 60_000.0), decimals(r.quantileLevel() * 100, 3),
                decimals(r.quantileLevel(), 5));
        out.printf(Locale.ROOT, "  violations %.2f%% of %d steps, unserved %.3f%%, GPU-h %.1f (oracle %.1f, %s), "
                + "%d scale events, mean %.1f, peak %d replicas%n", s.violationPct(), s.steps(), s.unservedPct(),
                s.gpuHours(), r.oracleGpuHours(), times(s.costRatio()), s.scaleEvents(), s.meanReplicas(),
                s.peakReplicas());
        if (Double.isNaN(r.coverageNext()) && Double.isNaN(r.coverageLead())) {
            // No forecast was made: nothing to cover (rather than "NaN%")
            out.println("  forecast quantile coverage: none, " + (r.trainings() == 0 ? "prediction is off"
                    : "no step had a forecast"));
        } else {
            out.printf(Locale.ROOT, "  forecast quantile coverage: next step %s, at the lead %s%n",
                    percent(r.coverageNext()), percent(r.coverageLead()));
        }
        out.printf(Locale.ROOT, "  %d trainings on %d days of history each, horizon %d steps: %.1f s, "
                + "forecasts %.1f s, planning %.2f s%n", r.trainings(), options.historyDays(), r.horizon(),
                r.trainingTime().toMillis() / 1000.0, r.forecastTime().toMillis() / 1000.0,
                r.planningTime().toMillis() / 1000.0);
        StringBuilder reasons = new StringBuilder();
        for (Map.Entry<ReasonCode, Integer> e : r.reasons().entrySet()) {
            reasons.append(reasons.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        out.println("  reasons: " + reasons);
        out.println("  per day (violated steps, GPU-h against the oracle's, the day's model):");
        for (DayFigures d : r.days()) {
            out.printf(Locale.ROOT, "    %s: %.2f%% (%d of %d), %.1f against %.1f (%s); %s%n",
                    trace.format(d.start()), d.violationPct(), d.violated(), d.steps(), d.gpuHours(),
                    d.oracleGpuHours(), times(d.costRatio()), d.model());
        }
        out.println("  wrote " + flags.out() + (flags.decisions() == null ? "" : " and " + flags.decisions()));
    }

    /** A share as "99.44%", or "none" when no step had a forecast to score. */
    private static String percent(double share) {
        return Double.isNaN(share) ? "none" : String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }

    /** A cost ratio as "1.234x"; without one (an idle pool that may scale to zero: the oracle needs none), says so. */
    private static String times(double ratio) {
        return Double.isNaN(ratio) ? "no oracle cost to compare" : String.format(Locale.ROOT, "%.3fx", ratio);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * {@code v} rounded to at most {@code places} decimals, without trailing zeros: an availability of 99.999 reads
     * 99.999 (quantile 0.99999), not 100 (1.0000).
     */
    private static String decimals(double v, int places) {
        return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "unexpected error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
