package io.neuronetes.service.bench;

import io.neuronetes.service.it.PrometheusResource;
import java.util.HashMap;
import java.util.Map;

/** The integration test's Prometheus and pools, with the production forest size (100 trees) for timing. */
public class PreviewResource extends PrometheusResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("neuronetes.retrain.trees", "100");
        return config;
    }
}
