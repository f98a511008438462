package io.neuronetes.service.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.neuronetes.service.observe.ScalerMetrics;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest under k8s/ parses into its fabric8 type with no field left unknown, and the pieces fit
 * together: probes, security context, volumes, ServiceAccount, Service and ServiceMonitor selectors, the warm
 * label convention of the example workload, and the dashboard's panels.
 */
class ManifestsTest {

    static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("CustomResourceDefinition", CustomResourceDefinition.class),
            Map.entry("Namespace", Namespace.class),
            Map.entry("ServiceAccount", ServiceAccount.class),
            Map.entry("ClusterRole", ClusterRole.class),
            Map.entry("ClusterRoleBinding", ClusterRoleBinding.class),
            Map.entry("Role", Role.class),
            Map.entry("RoleBinding", RoleBinding.class),
            Map.entry("Deployment", Deployment.class),
            Map.entry("PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("Service", Service.class),
            // The Prometheus Operator's kinds, in fabric8's monitoring model.
            Map.entry("ServiceMonitor", ServiceMonitor.class),
            Map.entry("PrometheusRule", PrometheusRule.class),
            // The project's own custom resources: checked against their CRD schemas in ExampleResourcesTest.
            Map.entry("AgentPool", GenericKubernetesResource.class),
            Map.entry("AgentClass", GenericKubernetesResource.class),
            Map.entry("ToolBinding", GenericKubernetesResource.class));

    static Stream<Named<Path>> manifestFiles() {
        return YamlDocs.files(MockCluster.K8S).stream().map(p -> Named.of(MockCluster.K8S.relativize(p).toString(),
                p));
    }

    static List<HasMetadata> load(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = Serialization.unmarshal(in);
            return parsed instanceof List<?> l ? l.stream().map(HasMetadata.class::cast).toList()
                    : List.of((HasMetadata) parsed);
        }
    }

    static List<HasMetadata> all() throws Exception {
        List<HasMetadata> all = new ArrayList<>();
        for (Path f : YamlDocs.files(MockCluster.K8S)) {
            all.addAll(load(f));
        }
        return all;
    }

    @ParameterizedTest
    @MethodSource("manifestFiles")
    void everyDocumentParsesIntoItsTypeWithNoUnknownField(Path file) throws Exception {
        List<HasMetadata> objects = load(file);
        assertThat(objects).hasSameSizeAs(YamlDocs.read(file));
        for (HasMetadata o : objects) {
            assertThat(TYPES).as("known kind").containsKey(o.getKind());
            assertThat(o).as(o.getKind() + " " + o.getMetadata().getName()).isInstanceOf(TYPES.get(o.getKind()));
            assertThat(o.getMetadata().getName()).isNotBlank();
            if (!(o instanceof GenericKubernetesResource)) {
                assertThat(unknownFields(o)).as("fields the model does not know in " + file).isEmpty();
            }
        }
    }

    @Test
    void theScalerDeploymentIsHardenedAndProbed() throws Exception {
        Deployment d = one(Deployment.class, "neuronetes-scaler");
        var pod = d.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKey("memory");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        List<String> mounts = c.getVolumeMounts().stream().map(VolumeMount::getMountPath).toList();
        String models = c.getEnv().stream().filter(e -> e.getName().equals("NEURONETES_MODELS_FOLDER"))
                .findFirst().orElseThrow().getValue();
        assertThat(mounts).containsExactlyInAnyOrder("/tmp", models);
        assertThat(c.getEnv()).anyMatch(e -> e.getName().equals("NEURONETES_ACTUATOR_MODE")
                && e.getValue().equals("kubernetes"));
        assertThat(pod.getServiceAccountName()).isEqualTo(one(ServiceAccount.class, "neuronetes-scaler")
                .getMetadata().getName());
        assertThat(d.getSpec().getReplicas()).as("a standby for leader election").isGreaterThanOrEqualTo(2);
    }

    @Test
    void theServiceAndServiceMonitorReachTheScalerPods() throws Exception {
        Deployment d = one(Deployment.class, "neuronetes-scaler");
        Service s = one(Service.class, "neuronetes-scaler");
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(s.getSpec().getSelector());
        String port = s.getSpec().getPorts().get(0).getTargetPort().getStrVal();
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                .anyMatch(p -> p.getName().equals(port));
        ServiceMonitor monitor = one(ServiceMonitor.class, "neuronetes-scaler");
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(s.getMetadata().getLabels()).containsAllEntriesOf(monitor.getSpec().getSelector()
                .getMatchLabels());
        assertThat(monitor.getSpec().getEndpoints()).singleElement().extracting(Endpoint::getPort, Endpoint::getPath)
                .containsExactly(s.getSpec().getPorts().get(0).getName(), "/metrics");
    }

    @Test
    void theExampleWorkloadStartsWarmAndItsServiceRoutesOnlyToServingPods() throws Exception {
        Deployment d = one(Deployment.class, "queue-pool");
        Service s = one(Service.class, "queue-pool");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(NeuronetesApi.STATE_LABEL, NeuronetesApi.WARM);
        assertThat(d.getSpec().getSelector().getMatchLabels()).doesNotContainKey(NeuronetesApi.STATE_LABEL);
        assertThat(s.getSpec().getSelector()).containsEntry(NeuronetesApi.STATE_LABEL, NeuronetesApi.SERVING);
        GenericKubernetesResource pool = all().stream().filter(o -> o.getKind().equals("AgentPool")
                && o.getMetadata().getName().equals("queue-pool")).map(GenericKubernetesResource.class::cast)
                .findFirst().orElseThrow();
        assertThat((String) pool.get("spec", "targetRef", "name")).isEqualTo(d.getMetadata().getName());
        assertThat(pool.getMetadata().getNamespace()).isEqualTo(d.getMetadata().getNamespace());
    }

    @Test
    void theDashboardHasTheGuidesPanelsAndForecastVsActual() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(MockCluster.K8S.resolve("monitoring")
                .resolve("grafana-dashboard.json").toFile());
        List<String> titles = new ArrayList<>();
        dashboard.get("panels").forEach(p -> titles.add(p.get("title").asText()));
        assertThat(titles).contains("Agent Pool Replicas", "Scaling Triggers", "Scale Operations")
                .anyMatch(t -> t.startsWith("Forecast vs Actual"));
        List<String> exprs = new ArrayList<>();
        dashboard.get("panels").forEach(p -> p.get("targets").forEach(t -> exprs.add(t.get("expr").asText())));
        assertThat(exprs).anyMatch(e -> e.contains("neuronetes_agentpool_replicas"))
                .anyMatch(e -> e.contains("neuronetes_agentpool_desired_replicas"))
                .anyMatch(e -> e.contains("neuronetes_warm_pool_replicas"))
                .anyMatch(e -> e.contains("neuronetes_scale_up_total"))
                .anyMatch(e -> e.contains("neuronetes_scale_down_total"))
                .anyMatch(e -> e.contains("neuronetes_forecast_lower"))
                .anyMatch(e -> e.contains("neuronetes_forecast_upper"));
    }

    @Test
    void everyAlertHasAnExpressionASeverityAndASummary() throws Exception {
        List<Rule> alerts = all().stream().filter(PrometheusRule.class::isInstance).map(PrometheusRule.class::cast)
                .flatMap(r -> r.getSpec().getGroups().stream()).flatMap(g -> g.getRules().stream()).toList();
        assertThat(alerts).extracting(Rule::getAlert).contains("NeuronetesScalingErrors",
                "NeuronetesLowForecastConfidence", "NeuronetesTrainingFailures");
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.getExpr().getStrVal()).isNotBlank();
            assertThat(a.getLabels()).containsKey("severity");
            assertThat(a.getAnnotations()).containsKey("summary");
        });
    }

    /** Alerts and dashboard query only metrics that the service registers (counters with their _total). */
    @Test
    void monitoringQueriesOnlyMetricsTheServiceExports() throws Exception {
        Set<String> exported = new java.util.TreeSet<>();
        for (var snapshot : new ScalerMetrics().registry().scrape()) {
            String name = snapshot.getMetadata().getPrometheusName();
            exported.add(snapshot instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot ? name + "_total"
                    : name);
        }
        String rules = Files.readString(MockCluster.K8S.resolve("monitoring").resolve("prometheusrule.yaml"));
        String dashboard = Files.readString(MockCluster.K8S.resolve("monitoring").resolve("grafana-dashboard.json"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("neuronetes_[a-z0-9_]+")
                .matcher(rules + dashboard);
        Set<String> used = new java.util.TreeSet<>();
        while (m.find()) {
            used.add(m.group());
        }
        assertThat(used).hasSizeGreaterThan(15);
        assertThat(exported).containsAll(used);
    }

    @Test
    void theUnknownFieldCheckFindsAMisspeltField() throws Exception {
        Deployment d = Serialization.unmarshal("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers: [{name: c, image: i, readinessProbes: {}}]
                """, Deployment.class);
        assertThat(unknownFields(d)).containsExactly("Container.readinessProbes");
    }

    static <T extends HasMetadata> T one(Class<T> type, String name) throws Exception {
        return all().stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    /** Fields that landed in a model object's additionalProperties: misspelt or misplaced fields. */
    static List<String> unknownFields(Object root) {
        List<String> unknown = new ArrayList<>();
        walk(root, unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return unknown;
    }

    private static void walk(Object o, List<String> unknown, Set<Object> seen) {
        if (o == null || !seen.add(o)) {
            return;
        }
        if (o instanceof Collection<?> c) {
            c.forEach(x -> walk(x, unknown, seen));
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.values().forEach(x -> walk(x, unknown, seen));
            return;
        }
        if (!o.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method g : o.getClass().getMethods()) {
            if (g.getParameterCount() != 0 || !g.getName().startsWith("get") || g.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object v = g.invoke(o);
                if (g.getName().equals("getAdditionalProperties") && v instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> unknown.add(o.getClass().getSimpleName() + "." + k));
                } else {
                    walk(v, unknown, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
