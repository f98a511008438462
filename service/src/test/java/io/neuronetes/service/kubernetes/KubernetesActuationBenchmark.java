package io.neuronetes.service.kubernetes;

import io.neuronetes.service.actuation.WorkloadRef;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints what the Kubernetes side costs and how fast it fails over, against the mock API server: API requests per
 * run by kind of run, the latency of a run (a baseline: one GET of the pool, measured in the same run), and the
 * leader-election takeover times with the default timing ratios scaled down 10x. Figures only; no assertions on
 * time. Run: {@code mvn -B -o -q test -pl service -am -Dtest=KubernetesActuationBenchmark
 * -Dgroups=benchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class KubernetesActuationBenchmark {

    static final int RUNS = 40;

    @Test
    void requestsAndLatencyPerRun() {
        try (MockCluster cluster = new MockCluster()) {
            cluster.agentPool(KubernetesActuatorTest.POOL);
            cluster.deployment("agents", "web", 2);
            for (int i = 0; i < 6; i++) {
                cluster.pod("agents", "web", "p" + i, i < 2 ? NeuronetesApi.SERVING : NeuronetesApi.WARM, true,
                        KubernetesActuatorTest.T0.minusSeconds(60L * (10 - i)));
            }
            var actuator = KubernetesActuatorTest.actuator(cluster.scaler, Leadership.always());
            var web = new WorkloadRef("Deployment", "agents", "web");
            cluster.scalerCalls();

            actuator.observe("web", web);
            print("observe", cluster.scalerCalls());
            actuator.apply(KubernetesActuatorTest.command(web, 4, 2)); // 2 -> 6, 2 activations
            print("scale-up with 2 activations", cluster.scalerCalls());
            actuator.apply(KubernetesActuatorTest.command(web, 4, 2));
            print("unchanged", cluster.scalerCalls());
            actuator.apply(KubernetesActuatorTest.command(web, 2, 1)); // 6 -> 3, 2 demotions
            print("scale-down with 2 demotions", cluster.scalerCalls());

            List<Long> unchanged = new ArrayList<>();
            List<Long> baseline = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                long t0 = System.nanoTime();
                actuator.apply(KubernetesActuatorTest.command(web, 2, 1));
                unchanged.add(System.nanoTime() - t0);
                t0 = System.nanoTime();
                cluster.scaler.genericKubernetesResources(NeuronetesApi.AGENT_POOLS).inNamespace("agents")
                        .withName("web").get();
                baseline.add(System.nanoTime() - t0);
            }
            cluster.scalerCalls();
            System.out.printf("unchanged run: median %.2f ms; one GET of the pool (baseline): median %.2f ms;"
                    + " %d runs%n", median(unchanged) / 1e6, median(baseline) / 1e6, RUNS);
        }
    }

    @Test
    void leaderTakeover() throws Exception {
        Duration lease = Duration.ofSeconds(2);
        Duration renew = Duration.ofMillis(1000);
        Duration retry = Duration.ofMillis(200);
        List<Long> released = new ArrayList<>();
        List<Long> cutOffStops = new ArrayList<>();
        List<Long> cutOffTakeovers = new ArrayList<>();
        for (int trial = 0; trial < 5; trial++) {
            try (MockCluster cluster = new MockCluster()) {
                var ca = cluster.newClient();
                var cb = cluster.newClient();
                var a = new LeaseLeadership(ca, new LeaseSettings("neuronetes", "l", "a", lease, renew, retry),
                        Clock.systemUTC());
                var b = new LeaseLeadership(cb, new LeaseSettings("neuronetes", "l", "b", lease, renew, retry),
                        Clock.systemUTC());
                a.start();
                LeaseLeadershipTest.await(a::isLeader, "a leads");
                b.start();
                Thread.sleep(300);
                if (trial % 2 == 0) {
                    long t0 = System.nanoTime();
                    a.close();
                    LeaseLeadershipTest.await(b::isLeader, "b takes over");
                    released.add(System.nanoTime() - t0);
                } else {
                    long t0 = System.nanoTime();
                    ca.close();
                    LeaseLeadershipTest.await(() -> !a.isLeader(), "a stops");
                    cutOffStops.add(System.nanoTime() - t0);
                    LeaseLeadershipTest.await(b::isLeader, "b takes over");
                    cutOffTakeovers.add(System.nanoTime() - t0);
                    a.close();
                }
                b.close();
                ca.close();
                cb.close();
            }
        }
        System.out.printf("lease %s, renew deadline %s, retry %s:%n", lease, renew, retry);
        System.out.printf("  released lease -> standby leads: median %.0f ms (%s)%n", median(released) / 1e6,
                ms(released));
        System.out.printf("  leader cut off -> it stops acting: median %.0f ms (%s)%n", median(cutOffStops) / 1e6,
                ms(cutOffStops));
        System.out.printf("  leader cut off -> standby leads: median %.0f ms (%s)%n", median(cutOffTakeovers) / 1e6,
                ms(cutOffTakeovers));
    }

    static void print(String what, List<ApiCall> calls) {
        Map<String, Integer> byKind = new TreeMap<>();
        calls.forEach(c -> byKind.merge(c.verb() + " " + c.rbacResource(), 1, Integer::sum));
        System.out.printf("%-28s %2d requests %s%n", what + ":", calls.size(), byKind);
    }

    static double median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
    }

    static String ms(List<Long> xs) {
        return xs.stream().map(x -> Math.round(x / 1e6) + " ms").toList().toString();
    }
}
