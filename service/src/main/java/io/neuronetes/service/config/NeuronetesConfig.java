package io.neuronetes.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The service's configuration, under the prefix {@code neuronetes}. Every key is documented here and in
 * {@code docs/configuration.md}; set keys in {@code application.properties}, as system properties
 * ({@code -Dneuronetes.prometheus.url=...}) or as environment variables ({@code NEURONETES_PROMETHEUS_URL}).
 * Durations take the forms {@code 10s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT10S}). {@link ConfigCheck}
 * validates the values at start-up; an invalid value stops start-up with a message naming its key.
 */
@ConfigMapping(prefix = "neuronetes")
public interface NeuronetesConfig {

    /** The Prometheus server that holds the pools' metrics. */
    Prometheus prometheus();

    /** Where AgentPool files are read from. */
    Pools pools();

    /** The model store. */
    Models models();

    /** How decisions are applied. */
    Actuation actuator();

    /** Scaling runs. */
    Runs runs();

    /** Retrain jobs. */
    Retrain retrain();

    /** The REST API. */
    Api api();

    /** PromQL templates per metric type. */
    Queries queries();

    /** {@code neuronetes.prometheus.*} */
    interface Prometheus {

        /**
         * Base URL of the Prometheus HTTP API, such as {@code http://prometheus:9090}. Unset or empty: the service
         * runs the embedded default (a bundled example pool replaying a bundled trace), in dry-run.
         */
        Optional<URI> url();

        /** Timeout of one HTTP request to Prometheus (connect plus answer). */
        @WithDefault("10s")
        Duration timeout();

        /** Attempts after the first for a failed request (5xx, timeout, connection refused); 4xx are not retried. */
        @WithDefault("2")
        int retries();

        /** Wait before the first retry; doubled for each further retry. */
        @WithName("retry-backoff")
        @WithDefault("500ms")
        Duration retryBackoff();

        /** Bearer token sent as {@code Authorization: Bearer ...}; never logged or shown. */
        @WithName("bearer-token")
        Optional<String> bearerToken();

        /** A file holding the bearer token (such as a mounted secret), re-read on each request; wins over the key above. */
        @WithName("bearer-token-file")
        Optional<Path> bearerTokenFile();

        /** Resolution of history queries ({@code query_range} step) and the forecast grid step; divides one day. */
        @WithDefault("1m")
        Duration step();

        /** Largest number of points per series in one {@code query_range} call; Prometheus refuses more than 11,000. */
        @WithName("max-points-per-query")
        @WithDefault("10000")
        int maxPointsPerQuery();
    }

    /** {@code neuronetes.pools.*} */
    interface Pools {

        /** Folder of AgentPool YAML files ({@code *.yaml}, {@code *.yml}), several documents per file allowed. */
        @WithDefault("pools")
        Path folder();

        /** How often the folder is scanned for added, changed and removed files. */
        @WithName("rescan-interval")
        @WithDefault("5s")
        Duration rescanInterval();
    }

    /** {@code neuronetes.models.*} */
    interface Models {

        /** Folder of the on-disk model store: one folder per pool and metric, one version per training. */
        @WithDefault("models")
        Path folder();

        /** Versions kept per pool and metric; older ones are deleted after a successful write. */
        @WithDefault("5")
        int keep();
    }

    /** {@code neuronetes.actuator.*} */
    interface Actuation {

        /** {@code dry-run} (record decisions, change nothing) or {@code kubernetes} (scale the target workloads). */
        @WithDefault("dry-run")
        ActuatorMode mode();
    }

    /** {@code neuronetes.runs.*} */
    interface Runs {

        /** Threads running scaling runs; a slow pool holds one thread, the others keep their periods. */
        @WithDefault("4")
        int threads();

        /** Decisions kept per pool for the API ({@code GET .../decisions}). */
        @WithName("decision-log-size")
        @WithDefault("200")
        int decisionLogSize();
    }

    /** {@code neuronetes.retrain.*} */
    interface Retrain {

        /** When all pools retrain: a Quartz cron (seconds first). Default: daily at 03:00 in the server's zone. */
        @WithDefault("0 0 3 * * ?")
        String cron();

        /** Trainings that may run at the same time. */
        @WithDefault("1")
        int concurrency();

        /** Delay between the starts of two pools' trainings within one retrain round. */
        @WithDefault("2s")
        Duration stagger();

        /** Trees per forest; fewer train faster and forecast a little worse (see docs/performance.md). */
        @WithDefault("100")
        int trees();

        /** Train at start-up every pool that has no valid model in the store. */
        @WithName("on-start")
        @WithDefault("true")
        boolean onStart();
    }

    /** {@code neuronetes.api.*} */
    interface Api {

        /**
         * Bearer token that {@code POST /v1/scale}, {@code DELETE /v1/scale/{pool}} and {@code POST .../retrain}
         * require. Unset: those endpoints answer 403 for every request. Never logged or shown.
         */
        Optional<String> token();

        /**
         * How long a manual override ({@code POST /v1/scale}) holds the pool's size before the planner resumes, unless
         * it is ended sooner ({@code DELETE /v1/scale/{pool}}).
         */
        @WithName("override-lifetime")
        @WithDefault("15m")
        Duration overrideLifetime();

        /**
         * How long a computed forecast preview is served again to other requests for the same pool and horizon, while
         * the pool's document, state, override and serving model are unchanged. 0 computes every request. 0..2s (the
         * time previews reuse the live signals they read).
         */
        @WithName("preview-reuse")
        @WithDefault("2s")
        Duration previewReuse();
    }

    /** {@code neuronetes.queries.*} */
    interface Queries {

        /**
         * PromQL per metric type, replacing the built-in default of that type; {@code {pool}} and {@code {namespace}}
         * are replaced by the pool's name and namespace. Key: the type, e.g.
         * {@code neuronetes.queries.templates.tokens-in-queue=sum(queue_tokens{app="{pool}"})}.
         */
        Map<String, String> templates();

        /**
         * Per-pool templates, winning over {@link #templates()}: {@code neuronetes.queries.pools.<pool>.<type>=...}.
         */
        Map<String, Map<String, String>> pools();
    }
}
