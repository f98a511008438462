package io.neuronetes.service.app;

import io.neuronetes.service.config.NeuronetesConfig;
import io.neuronetes.service.metrics.CustomMetricProvider;
import io.neuronetes.service.metrics.MetricsSource;
import io.neuronetes.service.metrics.QueryTemplates;
import io.neuronetes.service.observe.ScalerMetrics;
import io.neuronetes.service.pools.PoolRegistry;
import io.neuronetes.service.prometheus.PrometheusHttp;
import io.neuronetes.service.prometheus.PrometheusMetricsSource;
import io.neuronetes.service.runs.SignalReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the plain objects of the service from configuration; the only place that decides between the embedded
 * default and a real Prometheus. Everything it builds is framework-free and tested on its own.
 */
@ApplicationScoped
public class Wiring {

    @Produces
    @Singleton
    PoolRegistry registry() {
        return new PoolRegistry();
    }

    @Produces
    @Singleton
    ScalerMetrics metrics() {
        return new ScalerMetrics();
    }

    @Produces
    @Singleton
    QueryTemplates templates(NeuronetesConfig config) {
        return new QueryTemplates(config.queries().templates(), config.queries().pools());
    }

    @Produces
    @Singleton
    MetricsSource metricsSource(NeuronetesConfig config, QueryTemplates templates, Demo demo) {
        NeuronetesConfig.Prometheus p = config.prometheus();
        if (p.url().isEmpty()) {
            return demo.metricsSource();
        }
        PrometheusHttp http = new PrometheusHttp(p.url().get(), p.timeout(), p.retries(), p.retryBackoff(),
                new PrometheusHttp.Auth(p.bearerToken(), p.bearerTokenFile()));
        return new PrometheusMetricsSource(http, templates, p.step(), p.maxPointsPerQuery());
    }

    @Produces
    @Singleton
    SignalReader signalReader(MetricsSource source, QueryTemplates templates,
            Instance<CustomMetricProvider> providers) {
        Map<String, CustomMetricProvider> byName = new HashMap<>();
        for (CustomMetricProvider p : providers) {
            CustomMetricProvider clash = byName.put(p.metricName(), p);
            if (clash != null) {
                throw new IllegalStateException("two custom metric providers named '" + p.metricName() + "': "
                        + clash.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return new SignalReader(source, templates, byName);
    }
}
