package io.neuronetes.service.cli;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.forecast.feature.FeatureSpec;
import io.neuronetes.forecast.forest.ForestSettings;
import io.neuronetes.forecast.forest.ForestTrainer;
import io.neuronetes.forecast.io.TraceCsv;
import io.neuronetes.forecast.store.FileModelStore;
import io.neuronetes.forecast.store.ModelStore;
import io.neuronetes.scheduler.spec.MetricType;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.models.ModelFitting;
import io.neuronetes.service.prometheus.PrometheusHttp;
import io.neuronetes.service.prometheus.PrometheusMetricsSource;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code train}: trains the model of one pool metric the way the service's retrain jobs do (backtest on the last
 * whole day, train on the lookback window, the backtest's confidence on the model) and writes it to the model
 * store, from a Prometheus server or from a trace CSV. Prints the version and the backtest figures. Exit status 0
 * on success, 2 for bad input (one line on stderr naming what is wrong), 1 when the history cannot be read.
 */
final class TrainCommand {

    static final Set<String> OPTIONS = Set.of("pool", "metric", "prometheus", "query", "bearer-token-file", "end",
            "timeout", "step", "trace", "time-col", "value-col", "missing-col", "lookback", "horizon", "models",
            "keep", "trees");

    /**
     * The values of {@code --metric}: the metric types that can be a pool's load metric, the one the service
     * forecasts (additive: ttft-p95 and context-length never are).
     */
    private static final List<String> METRIC_TYPES = Arrays.stream(MetricType.values()).filter(MetricType::additive)
            .map(MetricType::yamlName).toList();

    /** The longest predictive.lookbackWindow an AgentPool accepts. */
    private static final Duration MAX_LOOKBACK = Duration.ofDays(90);

    private TrainCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.stream().anyMatch(Cli::isHelp)) {
            usage(out);
            return 0;
        }
        try {
            Flags f = Flags.parse(args, OPTIONS);
            String pool = f.required("pool");
            String metric = metricType(f);
            Duration lookback = lookback(f);
            TimeSeries history = f.has("trace") ? fromTrace(f) : fromPrometheus(f, pool, metric, lookback, err);
            if (history == null) {
                return 1;
            }
            int horizon = f.integer("horizon", 10, 1, (int) (Duration.ofDays(1).toSeconds() / history.stepSeconds()));
            int trees = f.integer("trees", 100, 1, 2000);
            ModelFitting.Fitted fitted = ModelFitting.fit(pool, metric, history, lookback, horizon, Instant.now(),
                    new ForestTrainer(ForestSettings.defaults().withTrees(trees), FeatureSpec.defaults()));
            ModelStore store = new FileModelStore(Path.of(f.get("models").orElse("models")),
                    f.integer("keep", 5, 1, 1000));
            ModelStore.StoredModel saved = store.save(pool, metric, fitted.model(), fitted.metadata());
            report(out, pool, metric, history, lookback, saved, fitted);
            return 0;
        } catch (Flags.UsageException e) {
            return Cli.usageError(err, "train", e.getMessage());
        } catch (IllegalArgumentException e) {
            err.println("train: error: " + e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            // The store says what failed and why (not a directory, read-only file system).
            err.println("train: error: model store: " + e.getMessage());
            return 1;
        }
    }

    /** The {@code --metric} value, one of the metric types a pool's spec names (the store keeps models by type). */
    private static String metricType(Flags f) {
        String metric = f.get("metric").orElse(MetricType.CONCURRENT_SESSIONS.yamlName());
        if (Arrays.stream(MetricType.values()).anyMatch(t -> !t.additive() && t.yamlName().equals(metric))) {
            throw new Flags.UsageException("--metric: " + metric + " is not a load metric, so the service never "
                    + "forecasts it; expected one of " + String.join(", ", METRIC_TYPES));
        }
        if (!METRIC_TYPES.contains(metric)) {
            throw new Flags.UsageException("--metric: expected one of " + String.join(", ", METRIC_TYPES) + ", got '"
                    + metric + "'");
        }
        return metric;
    }

    /** Whole days in the range of an AgentPool's predictive.lookbackWindow, which the retrain jobs read. */
    private static Duration lookback(Flags f) {
        try {
            Duration lookback = f.duration("lookback", Duration.ofDays(7), MAX_LOOKBACK);
            if (lookback.toDays() >= 1 && lookback.toHours() % 24 == 0) {
                return lookback;
            }
        } catch (Flags.UsageException e) {
            // Reported below with the range of whole days.
        }
        throw new Flags.UsageException("--lookback: expected whole days in 1d..90d, e.g. 7d, got '"
                + f.get("lookback").orElseThrow() + "'");
    }

    private static TimeSeries fromTrace(Flags f) {
        if (f.has("prometheus")) {
            throw new Flags.UsageException("give either --trace or --prometheus, not both");
        }
        return TraceCsv.read(Path.of(f.required("trace")), f.required("time-col"), f.required("value-col"),
                f.get("missing-col").orElse(null)).series();
    }

    private static TimeSeries fromPrometheus(Flags f, String pool, String metric, Duration lookback,
            PrintStream err) {
        URI url = URI.create(f.get("prometheus").orElseThrow(() -> new Flags.UsageException(
                "give --prometheus URL or --trace FILE")));
        if (url.getScheme() == null || url.getHost() == null) {
            throw new Flags.UsageException("--prometheus: expected an http(s) URL, got '" + url + "'");
        }
        if (url.getUserInfo() != null) {
            // Failures name the URL, as the service's do; the service's settings refuse credentials there too.
            throw new Flags.UsageException("--prometheus: must not hold credentials; use --bearer-token-file");
        }
        Duration step = f.duration("step", Duration.ofMinutes(1), Duration.ofDays(1));
        Instant end = f.get("end").map(TrainCommand::instant).orElse(Instant.now());
        end = Instant.ofEpochMilli(Math.floorDiv(end.toEpochMilli(), step.toMillis()) * step.toMillis());
        Instant start = end.truncatedTo(ChronoUnit.DAYS).minus(lookback.plusDays(8));
        Duration timeout = f.duration("timeout", Duration.ofSeconds(30), Duration.ofHours(1));
        PrometheusHttp http = new PrometheusHttp(url, timeout, 2, Duration.ofMillis(500), new PrometheusHttp.Auth(
                Optional.empty(), f.get("bearer-token-file").map(Path::of)));
        QueryTemplates templates = new QueryTemplates(Map.of(), f.get("query").map(q -> Map.of(pool,
                Map.of(metric, q))).orElse(Map.of()));
        MetricOutcome<TimeSeries> r = new PrometheusMetricsSource(http, templates, step, 10_000)
                .range(MetricRef.of(pool, "default", metric), start, end, step);
        if (!r.hasValue()) {
            err.println("train: cannot read the history: " + r.kind() + ": " + r.message());
            return null;
        }
        return r.value();
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new Flags.UsageException("--end: expected an ISO-8601 instant such as 2024-03-04T12:00:00Z, got '"
                    + s + "'");
        }
    }

    private static void report(PrintStream out, String pool, String metric, TimeSeries history, Duration lookback,
            ModelStore.StoredModel saved, ModelFitting.Fitted fitted) {
        out.printf(Locale.ROOT, "pool %s, metric %s: %d steps of %d s from %s to %s (%d gaps)%n", pool, metric,
                history.size(), history.stepSeconds(), history.start(), history.end(), history.gaps());
        double days = history.size() * (double) history.stepSeconds() / Duration.ofDays(1).toSeconds();
        if (days < lookback.toDays()) {
            out.printf(Locale.ROOT, "the history spans %.1f days, less than the lookback of %d: the model is trained "
                    + "on all of it%n", days, lookback.toDays());
        }
        out.printf(Locale.ROOT, "saved version %s (%s, horizon %d steps)%n", saved.version(),
                fitted.metadata().method(), saved.model().horizon());
        if (fitted.backtest() == null) {
            String note = fitted.metadata().note();
            out.println(note.startsWith("no backtest") ? note : "no backtest: " + note);
            return;
        }
        var o = fitted.backtest().overall();
        double[] c = fitted.backtest().confidence();
        out.printf(Locale.ROOT, "backtest on %s: MAE %.3f, relative MAE %.3f, 80%% coverage %.3f, %d pairs%n",
                fitted.metadata().backtest().get("evaluationDay"), o.mae(), o.relMae(), o.coverage80(), o.pairs());
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "confidence %.2f (all steps), per step:",
                fitted.backtest().overallConfidence()));
        for (double x : c) {
            b.append(String.format(Locale.ROOT, " %.2f", x));
        }
        out.println(b);
    }

    static void usage(PrintStream out) {
        out.println("usage: train --pool NAME [--metric TYPE] (--prometheus URL | --trace FILE --time-col C "
                + "--value-col V) [options]");
        out.println();
        out.println("Trains a pool metric's model as the service's retrain jobs do (backtest on the last whole day,");
        out.println("train on the lookback window) and writes it to the model store.");
        out.println();
        out.println("  --pool NAME              pool name (the store's folder), required");
        out.println("  --metric TYPE            load metric, the store's sub-folder (default concurrent-sessions):");
        out.println("                           tokens-in-queue, concurrent-sessions, tokens-per-second, queue-depth");
        out.println("                           or tool-call-rate; the service forecasts a pool's first of these");
        out.println("  --lookback 7d            training window, whole days in 1d..90d (default 7d); the history");
        out.println("                           read is lookback + 8 days (a week of lags and one backtest day)");
        out.println("  --horizon 10             steps forecast (default 10)");
        out.println("  --trees 100              trees per forest (default 100)");
        out.println("  --models DIR             model store folder (default models)");
        out.println("  --keep 5                 versions kept per pool and metric (default 5)");
        out.println("from Prometheus:");
        out.println("  --prometheus URL         base URL, e.g. http://prometheus:9090, without credentials");
        out.println("  --query PROMQL           the series (default: the built-in template of --metric for --pool)");
        out.println("  --step 1m                grid step, 1s..1d (default 1m)");
        out.println("  --end INSTANT            end of the history, ISO-8601 (default now)");
        out.println("  --timeout 30s            per request, 1s..1h (default 30s)");
        out.println("  --bearer-token-file F    file holding a bearer token");
        out.println("from a trace CSV (the bench's format, see ../shared/bench/README.md):");
        out.println("  --trace FILE --time-col C --value-col V [--missing-col M]");
        out.println();
        out.println("example: train --pool nasa --trace ../shared/traces/nasa-http/NASA_access_log_per_minute.csv \\");
        out.println("           --time-col timestamp --value-col requests --missing-col missing --models /tmp/models");
    }
}
