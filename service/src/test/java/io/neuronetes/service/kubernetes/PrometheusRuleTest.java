package io.neuronetes.service.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.neuronetes.service.testsupport.RealPrometheus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts of {@code k8s/monitoring/prometheusrule.yaml} under {@code promtool test rules}: the unit tests in
 * {@code src/test/resources/monitoring/prometheusrule-test.yaml} give every alert a series history where it fires
 * (labels and annotations checked) and one where it must not. promtool reads plain rule groups, so the test writes
 * the PrometheusRule's {@code spec} to a rules file beside a copy of the unit tests.
 */
class PrometheusRuleTest {

    static final Path RULE = MockCluster.K8S.resolve("monitoring").resolve("prometheusrule.yaml");
    static final Path UNIT_TESTS = Path.of("src", "test", "resources", "monitoring", "prometheusrule-test.yaml");
    static final Pattern ALERTNAME = Pattern.compile("(?m)^\\s*- alertname: (\\S+)\\s*$");

    @TempDir
    Path dir;

    @Test
    void everyAlertPassesItsPromtoolUnitTests() throws Exception {
        assumeTrue(RealPrometheus.available(), "prometheus and promtool are not installed");
        Files.writeString(dir.resolve("prometheusrule.rules.yaml"), new YAMLMapper().writeValueAsString(spec()));
        Path tests = Files.copy(UNIT_TESTS, dir.resolve("prometheusrule-test.yaml"));

        Process p = new ProcessBuilder(RealPrometheus.promtool().toString(), "test", "rules", tests.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS").doesNotContain("FAILED");
    }

    /** A new alert cannot go untested: the unit tests name every alert, each with a firing case. */
    @Test
    void theUnitTestsCoverEveryAlert() throws IOException {
        List<String> alerts = new ArrayList<>();
        for (Map<String, Object> group : groups()) {
            for (Map<String, Object> rule : rules(group)) {
                alerts.add((String) rule.get("alert"));
            }
        }
        String tests = Files.readString(UNIT_TESTS);
        Matcher m = ALERTNAME.matcher(tests);
        TreeSet<String> tested = new TreeSet<>();
        while (m.find()) {
            tested.add(m.group(1));
        }
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(9);
        assertThat(tested).containsExactlyInAnyOrderElementsOf(new TreeSet<>(alerts));
        for (String alert : alerts) {
            assertThat(tests).as(alert + " fires in some test")
                    .containsPattern("- alertname: " + alert + "\\s+eval_time: \\S+\\s+exp_alerts:\\s+- exp_labels");
        }
    }

    static Object spec() {
        return YamlDocs.read(RULE).get(0).tree().get("spec");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> groups() {
        return (List<Map<String, Object>>) ((Map<String, Object>) spec()).get("groups");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules(Map<String, Object> group) {
        return (List<Map<String, Object>>) group.get("rules");
    }
}
