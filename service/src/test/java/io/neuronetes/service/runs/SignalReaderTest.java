package io.neuronetes.service.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuronetes.forecast.TimeSeries;
import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.AgentPoolParser;
import io.neuronetes.scheduler.spec.MetricType;
import io.neuronetes.scheduler.spec.ToolBinding;
import io.neuronetes.scheduler.spec.ToolBindingParser;
import io.neuronetes.service.metrics.CustomMetricProvider;
import io.neuronetes.service.metrics.MetricOutcome;
import io.neuronetes.service.metrics.MetricRef;
import io.neuronetes.service.metrics.MetricsSource;
import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.pools.PoolEntry;
import io.neuronetes.service.pools.PoolOrigin;
import io.neuronetes.service.pools.YamlDocuments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which queries a run sends for the guide's metrics, external and custom metrics, queue lag and the SLO. */
class SignalReaderTest {

    static final Instant NOW = Instant.parse("2024-03-04T12:00:00Z");

    /** Answers each query with a value by metric name and records what it was asked. */
    static final class Recording implements MetricsSource {
        final List<String> asked = new ArrayList<>();
        final Map<String, MetricOutcome<Double>> answers;
        final QueryTemplates templates = QueryTemplates.builtIn();

        Recording(Map<String, MetricOutcome<Double>> answers) {
            this.answers = answers;
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public MetricOutcome<Double> instant(MetricRef metric, Duration window, Instant at) {
            asked.add(metric.type() + " " + templates.expression(metric).orElse("?") + " over " + window);
            return answers.getOrDefault(metric.type(), MetricOutcome.empty("no series"));
        }

        @Override
        public MetricOutcome<TimeSeries> range(MetricRef metric, Instant start, Instant end, Duration step) {
            throw new AssertionError("no history in a signal read");
        }
    }

    static Map<String, Object> tree(String yaml) {
        return YamlDocuments.read(yaml).documents().get(0);
    }

    static PoolEntry entry() {
        AgentPool p = new AgentPoolParser().parse(tree("""
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentPool
                metadata: {name: chat}
                spec:
                  toolBindingRef: tasks
                  slo: {ttft: 500ms, p95Latency: 2s}
                  autoscaling:
                    metrics:
                      - {type: tokens-in-queue, target: "1000", averagingWindow: 30s}
                      - {type: ttft-p95, target: "800ms", averagingWindow: 1m}
                    sloTarget: {enabled: true}
                    externalMetrics:
                      - {name: datadog-queue-depth, query: "avg:queue.depth{service:agents}", target: "100"}
                      - {name: gpu-busy, query: "sum(gpu_busy{app=\\"chat\\"})", target: "3"}
                """)).orThrow();
        ToolBinding b = new ToolBindingParser().parse(tree("""
                apiVersion: neuronetes.io/v1alpha1
                kind: ToolBinding
                metadata: {name: tasks}
                spec:
                  type: queue
                  queueConfig: {provider: kafka, queueName: agent-tasks, autoscaleOnLag: true, prefetchCount: 10}
                """)).orThrow();
        return new PoolEntry(p, PoolOrigin.bundled("test"), Optional.of(b));
    }

    @Test
    void everySignalIsReadWithItsQueryAndWindow() {
        Recording source = new Recording(Map.of(
                "tokens-in-queue", MetricOutcome.value(2300.0),
                "ttft-p95", MetricOutcome.value(0.61),
                "gpu-busy", MetricOutcome.value(7.0),
                "queue-lag", MetricOutcome.value(150.0),
                "slo-p95-latency", MetricOutcome.value(1.4)));
        CustomMetricProvider datadog = new CustomMetricProvider() {
            @Override
            public String metricName() {
                return "datadog-queue-depth";
            }

            @Override
            public MetricOutcome<Double> value(AgentPool pool, Instant at) {
                return MetricOutcome.value(42.0);
            }
        };
        SignalReader.Readings r = new SignalReader(source, QueryTemplates.builtIn(), Map.of("datadog-queue-depth",
                datadog)).read(entry(), NOW);

        assertThat(source.asked).containsExactly(
                "tokens-in-queue neuronetes_tokens_in_queue{pool=\"chat\",source!=\"scaler\"} over PT30S",
                "ttft-p95 histogram_quantile(0.95, sum by (le) (rate(neuronetes_ttft_seconds_bucket{pool=\"chat\"}[5m])))"
                        + " > -Inf or on() neuronetes_ttft_p95_milliseconds{pool=\"chat\",source!=\"scaler\"} / 1000"
                        + " or on() sum(rate(neuronetes_ttft_seconds_bucket{pool=\"chat\",le=\"+Inf\"}[5m])) == 0"
                        + " over PT1M",
                "gpu-busy sum(gpu_busy{app=\"chat\"}) over PT1M",
                "queue-lag sum(kafka_consumergroup_lag{topic=\"agent-tasks\"}) over PT1M",
                "slo-p95-latency neuronetes_request_latency_p95_seconds{pool=\"chat\"} over PT1M");
        assertThat(r.signals().metrics()).containsEntry(MetricType.TOKENS_IN_QUEUE, 2300.0)
                .containsEntry(MetricType.TTFT_P95, 0.61);
        assertThat(r.signals().external()).containsEntry("datadog-queue-depth", 42.0).containsEntry("gpu-busy", 7.0);
        assertThat(r.signals().queueDepth()).isEqualTo(150.0);
        assertThat(r.signals().queue().queueName()).isEqualTo("agent-tasks");
        // The SLO's ttft comes from the ttft-p95 metric already read; its p95 latency from its own query.
        assertThat(r.signals().slo().ttftP95()).isEqualTo(0.61);
        assertThat(r.signals().slo().p95Latency()).isEqualTo(1.4);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void unreadableSignalsAreLeftOutAndListed() {
        Recording source = new Recording(Map.of(
                "tokens-in-queue", MetricOutcome.invalid("value of {} is NaN"),
                "ttft-p95", MetricOutcome.value(-1.0)));
        CustomMetricProvider broken = new CustomMetricProvider() {
            @Override
            public String metricName() {
                return "datadog-queue-depth";
            }

            @Override
            public MetricOutcome<Double> value(AgentPool pool, Instant at) {
                throw new IllegalStateException("api down");
            }
        };
        SignalReader.Readings r = new SignalReader(source, QueryTemplates.builtIn(), Map.of("datadog-queue-depth",
                broken)).read(entry(), NOW);
        assertThat(r.signals().metrics()).isEmpty();
        assertThat(r.problems()).extracting(SignalReader.Problem::metric, SignalReader.Problem::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("tokens-in-queue", MetricOutcome.Kind.INVALID),
                org.assertj.core.groups.Tuple.tuple("ttft-p95", MetricOutcome.Kind.INVALID),
                org.assertj.core.groups.Tuple.tuple("datadog-queue-depth", MetricOutcome.Kind.ERROR),
                org.assertj.core.groups.Tuple.tuple("gpu-busy", MetricOutcome.Kind.EMPTY),
                org.assertj.core.groups.Tuple.tuple("queue-lag", MetricOutcome.Kind.EMPTY),
                org.assertj.core.groups.Tuple.tuple("slo-p95-latency", MetricOutcome.Kind.EMPTY));
        assertThat(r.problems().get(1).message()).isEqualTo("ttft-p95: negative value -1.0");
        assertThat(r.problems().get(2).message()).contains("provider failed").contains("api down");
    }
}
