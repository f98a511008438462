package io.neuronetes.service.cli;

import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.eval.Backtest;
import io.neuronetes.forecast.eval.BacktestResult;
import io.neuronetes.forecast.eval.StepScores;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.io.Trace;
import io.neuronetes.forecast.io.TraceCsv;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code backtest}: the rolling-origin backtest of the forest on a trace CSV, written as the candidate CSV of the
 * bench ({@code origin,step,predicted,lower,upper}, times in the trace's own format) so that
 * {@code forecast_peers.py --candidate FILE} scores it beside the peers. Prints a summary. Bad input gets one
 * line on stderr naming the file, line and column, and exit status 2.
 */
public final class BacktestCommand implements Cli.Command {

    static final String USAGE = """
            usage: backtest --trace FILE --time-col COL --value-col COL [--missing-col COL]
                            [--history-days 7] [--eval-days 7] [--horizon 10] [--origin-every 10] --out FILE
              Rolling-origin backtest of the forest (the protocol of forecast_peers.py): for each of the last
              eval-days whole days, train once on the history-days before it, forecast steps 1..horizon from an
              origin every origin-every steps, and write origin,step,predicted,lower,upper (80% interval) to --out.
              The four numbers are whole numbers in 1..2147483647; the horizon is at most one day of steps, and an
              origin spacing of a day or more gives one origin a day, at midnight.""";

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        BacktestOptions o;
        try {
            o = BacktestOptions.parse(args);
        } catch (IllegalArgumentException e) {
            return Cli.usageError(err, "backtest", e.getMessage());
        }
        if (o == null) {
            out.println(USAGE);
            return 0;
        }
        try {
            OutputFile.distinct("--out", o.out(), Map.of("--trace", o.trace()));
            OutputFile.probe(o.out()); // before the backtest's minutes, not after them
        } catch (IllegalArgumentException e) {
            err.println("backtest: error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("backtest: error: " + OutputFile.cannotWrite(o.out(), e));
            return 1;
        }
        Trace trace;
        BacktestResult result;
        try {
            trace = TraceCsv.read(o.trace(), o.timeCol(), o.valueCol(), o.missingCol());
            result = backtest(trace, o);
        } catch (IllegalArgumentException e) {
            err.println("backtest: error: " + e.getMessage());
            return 2;
        }
        try {
            writeCandidate(o.out(), trace, result);
        } catch (IOException e) {
            err.println("backtest: error: " + OutputFile.cannotWrite(o.out(), e));
            return 1;
        }
        summary(out, trace, result, o);
        return 0;
    }

    /** Runs the backtest; protocol errors name the trace file and its time column. */
    private static BacktestResult backtest(Trace trace, BacktestOptions o) {
        try {
            return Backtest.run(trace.series(), ForestTrainer.defaults(),
                    new Backtest.Settings(o.historyDays(), o.evalDays(), o.horizon(), o.originEvery()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(trace.file() + ": column '" + o.timeCol() + "': " + e.getMessage(), e);
        }
    }

    /** Writes every forecast (all origins, all steps), whole or not at all ({@link OutputFile}). */
    static void writeCandidate(Path file, Trace trace, BacktestResult r) throws IOException {
        OutputFile.write(file, w -> {
            w.write("origin,step,predicted,lower,upper\n");
            for (Forecast f : r.forecasts()) {
                String origin = trace.format(f.origin());
                for (int h = 1; h <= f.horizon(); h++) {
                    w.write(origin + "," + h + "," + num(f.point(h)) + "," + num(f.lower(h)) + ","
                            + num(f.upper(h)) + "\n");
                }
            }
        });
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static void summary(PrintStream out, Trace trace, BacktestResult r, BacktestOptions o) {
        StepScores all = r.overall();
        out.printf(Locale.ROOT, "trace %s: step %ds, eval days %s..%s, %d origins, %d scored pairs, H=%d%n",
                trace.file(), trace.series().stepSeconds(), trace.format(r.days().day(0)),
                trace.format(r.days().day(r.days().count() - 1)), r.forecasts().size(), all.pairs(), o.horizon());
        // The confidence over all steps together is the figure a pool's minConfidence gate reads; the per-step
        // column below shows which steps pull it down.
        out.printf(Locale.ROOT, "MAE %.4g  relMAE %.3f (vs seasonal_naive_week)  cov80 %.3f  "
                + "below q99 %.4f  below q99.5 %.4f  confidence %.3f (all steps)  train %.1fs  forecast %.1fs%n",
                all.mae(), all.relMae(), all.coverage80(), all.coverage99(), all.coverage995(),
                r.overallConfidence(), r.trainSeconds(), r.forecastSeconds());
        out.println(" step      MAE  relMAE  cov80  <=q99  <=q99.5  confidence");
        for (StepScores s : r.steps()) {
            out.printf(Locale.ROOT, "%5d %8.4g  %6.3f  %5.3f  %5.3f  %7.4f  %10.3f%n", s.step(), s.mae(), s.relMae(),
                    s.coverage80(), s.coverage99(), s.coverage995(), s.confidence());
        }
        out.println("wrote " + o.out());
    }
}
