package io.neuronetes.service.testsupport;

import io.neuronetes.scheduler.spec.AgentPool;
import io.neuronetes.scheduler.spec.AgentPoolParser;
import io.neuronetes.service.pools.PoolEntry;
import io.neuronetes.service.pools.PoolOrigin;
import io.neuronetes.service.pools.YamlDocuments;
import java.util.Map;
import java.util.Optional;

/** Pool documents for tests that need a parsed, valid pool without a file. */
public final class TestPools {

    private TestPools() {
    }

    /**
     * Pool {@code chat}: 1..20 replicas on concurrent-sessions (target 10, window 1m), scale-down not stabilized,
     * 30 s periods; {@code extraSpec} is appended to its {@code spec.autoscaling} block (for example a
     * {@code predictive:} section indented by four spaces), or empty.
     */
    public static PoolEntry chat(String extraSpec) {
        String yaml = """
                apiVersion: neuronetes.io/v1alpha1
                kind: AgentPool
                metadata: {name: chat}
                spec:
                  minReplicas: 1
                  maxReplicas: 20
                  autoscaling:
                    metrics:
                      - {type: concurrent-sessions, target: "10", averagingWindow: 1m}
                    behavior:
                      scaleDown: {stabilizationWindow: 0s, periodSeconds: 30}
                      scaleUp: {periodSeconds: 30}
                """ + extraSpec;
        Map<String, Object> tree = YamlDocuments.read(yaml).documents().get(0);
        AgentPool p = new AgentPoolParser().parse(tree).orThrow();
        return new PoolEntry(p, PoolOrigin.bundled("test"), Optional.empty());
    }
}
