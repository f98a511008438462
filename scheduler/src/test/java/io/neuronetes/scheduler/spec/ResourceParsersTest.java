package io.neuronetes.scheduler.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResourceParsersTest {

    @Test
    void theGuidesAgentClassParses() {
        AgentClass c = new AgentClassParser().parse(Docs.yaml("""
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentClass
                metadata:
                  name: slo-agent
                spec:
                  model: llama-3-8b
                  slo:
                    ttft: 500ms
                    tokensPerSecond: 50
                    p95Latency: 2s
                    availabilityPercent: 99.5
                """)).orThrow();
        assertThat(c).isEqualTo(new AgentClass("slo-agent", "default",
                new Slo(Duration.ofMillis(500), 50.0, Duration.ofSeconds(2), 99.5)));
    }

    @Test
    void anAgentClassWithoutSloTakesTheDefaultAvailability() {
        AgentClass c = new AgentClassParser().parse(Docs.yaml(
                "apiVersion: neuronetes.io/v1alpha1\nkind: AgentClass\nmetadata: {name: c}\nspec: {}\n")).orThrow();
        assertThat(c.slo()).isEqualTo(Slo.defaults());
        assertThat(c.slo().availabilityPercent()).isEqualTo(99.5);
    }

    @Test
    void badSloFieldsAreAllReported() {
        ParseResult<AgentClass> r = new AgentClassParser().parse(Docs.yaml("""
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentClass
                metadata: {name: c}
                spec:
                  slo: {ttft: fast, tokensPerSecond: -1, availabilityPercent: 120, latency: 2s}
                """));
        assertThat(r.errors()).extracting(FieldError::path).containsExactly("spec.slo.ttft",
                "spec.slo.tokensPerSecond", "spec.slo.availabilityPercent", "spec.slo.latency");
    }

    @Test
    void theGuidesQueueToolBindingParses() {
        ToolBinding b = new ToolBindingParser().parse(Docs.yaml("""
                apiVersion: neuronetes.io/v1alpha1
                kind: ToolBinding
                metadata:
                  name: queue-autoscale
                spec:
                  type: queue
                  queueConfig:
                    provider: nats
                    queueName: agent-tasks
                    autoscaleOnLag: true
                    maxLagThreshold: 100
                    prefetchCount: 10
                """)).orThrow();
        assertThat(b).isEqualTo(new ToolBinding("queue-autoscale", "default", "queue",
                new QueueConfig(QueueProvider.NATS, "agent-tasks", true, 100, 10, 1.0)));
    }

    @Test
    void aToolBindingWithBadQueueSettingsIsRejectedWhole() {
        ParseResult<ToolBinding> r = new ToolBindingParser().parse(Docs.yaml("""
                apiVersion: neuronetes.io/v1alpha1
                kind: ToolBinding
                metadata: {name: q}
                spec:
                  type: http
                  queueConfig: {provider: rabbitmq, prefetchCount: 0}
                """));
        assertThat(r.errors()).extracting(FieldError::path).containsExactly("spec.type",
                "spec.queueConfig.provider", "spec.queueConfig.queueName", "spec.queueConfig.prefetchCount");
    }
}
