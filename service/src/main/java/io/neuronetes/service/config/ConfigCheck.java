package io.neuronetes.service.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.neuronetes.service.kubernetes.KubernetesSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks the values of {@link NeuronetesConfig} and {@link KubernetesSettings} that their types alone do not
 * constrain. Pure: returns every problem, each starting with the key it concerns
 * ({@code neuronetes.prometheus.timeout: must be positive, got 0s}). {@link ConfigValidator} runs it at start-up and
 * stops start-up on any problem.
 */
public final class ConfigCheck {

    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    /** The informers' client raises a shorter resync to this, with a warning; 0 means none. */
    private static final Duration MIN_RESYNC = Duration.ofSeconds(1);
    /** A resync only re-delivers what the watches delivered: a day is already rare. */
    private static final Duration MAX_RESYNC = Duration.ofDays(1);
    /**
     * Start-up waits this long for the first listing before it serves; the Deployment's startup probe
     * (k8s/deployment.yaml) gives the whole start 3 minutes, so a longer wait would have the pod restarted in a loop
     * while the API server is down, the case the timeout is there for.
     */
    private static final Duration MAX_INITIAL_SYNC = Duration.ofMinutes(2);

    private ConfigCheck() {
    }

    /** Every problem of {@code c}; empty when the configuration is valid. */
    public static List<String> problems(NeuronetesConfig c) {
        List<String> p = new ArrayList<>();
        NeuronetesConfig.Prometheus prom = c.prometheus();
        prom.url().ifPresent(u -> checkUrl(u, p));
        positive("neuronetes.prometheus.timeout", prom.timeout(), p);
        if (prom.retries() < 0 || prom.retries() > 10) {
            p.add("neuronetes.prometheus.retries: must be in 0..10, got " + prom.retries());
        }
        if (prom.retryBackoff().isNegative()) {
            p.add("neuronetes.prometheus.retry-backoff: must not be negative, got " + prom.retryBackoff());
        }
        checkStep(prom.step(), p);
        if (prom.maxPointsPerQuery() < 2 || prom.maxPointsPerQuery() > 11_000) {
            p.add("neuronetes.prometheus.max-points-per-query: must be in 2..11000 (the server's limit), got "
                    + prom.maxPointsPerQuery());
        }
        prom.bearerToken().ifPresent(t -> {
            if (t.isBlank() || t.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
                p.add("neuronetes.prometheus.bearer-token: must be printable ASCII without spaces (value not shown)");
            }
        });
        positive("neuronetes.pools.rescan-interval", c.pools().rescanInterval(), p);
        if (c.models().keep() < 1) {
            p.add("neuronetes.models.keep: must be at least 1, got " + c.models().keep());
        }
        if (c.runs().threads() < 1 || c.runs().threads() > 256) {
            p.add("neuronetes.runs.threads: must be in 1..256, got " + c.runs().threads());
        }
        if (c.runs().decisionLogSize() < 1) {
            p.add("neuronetes.runs.decision-log-size: must be at least 1, got " + c.runs().decisionLogSize());
        }
        checkRetrain(c.retrain(), p);
        checkApi(c.api(), p);
        checkTemplates(c.queries(), p);
        return p;
    }

    /**
     * Every problem of the {@code neuronetes.kubernetes.*} settings; empty when they are valid. The informers' resync
     * and the start-up wait for their first listing are checked whatever the mode, like the conflict attempts; the
     * leader-election timings are checked while leader election is enabled, the only time they are used, against
     * the same rules as {@code LeaseSettings}.
     */
    public static List<String> problems(KubernetesSettings k) {
        List<String> p = new ArrayList<>();
        if (k.conflictAttempts() < 1) {
            p.add("neuronetes.kubernetes.conflict-attempts: must be at least 1, got " + k.conflictAttempts());
        }
        Duration resync = k.resync();
        if (!resync.isZero() && (resync.compareTo(MIN_RESYNC) < 0 || resync.compareTo(MAX_RESYNC) > 0)) {
            p.add("neuronetes.kubernetes.resync: must be 0s (no resync) or in 1s..24h, got " + resync);
        }
        Duration sync = k.initialSyncTimeout();
        if (sync.isNegative() || sync.isZero() || sync.compareTo(MAX_INITIAL_SYNC) > 0) {
            p.add("neuronetes.kubernetes.initial-sync-timeout: must be positive and at most 2m (start-up waits this "
                    + "long for the first listing), got " + sync);
        }
        if (k.leaderElection().enabled()) {
            checkLeaderElection(k.leaderElection(), p);
        }
        return p;
    }

    private static void checkLeaderElection(KubernetesSettings.LeaderElection e, List<String> p) {
        String key = "neuronetes.kubernetes.leader-election.";
        if (e.identity().filter(String::isBlank).isPresent()) {
            p.add(key + "identity: must not be blank");
        }
        if (e.retryPeriod().isNegative() || e.retryPeriod().isZero()) {
            p.add(key + "retry-period: must be positive, got " + e.retryPeriod());
        } else if (e.renewDeadline().compareTo(e.retryPeriod()) <= 0) {
            p.add(key + "renew-deadline: must be longer than retry-period (" + e.retryPeriod() + "), got "
                    + e.renewDeadline());
        }
        if (e.leaseDuration().toNanos() % 1_000_000_000L != 0) {
            p.add(key + "lease-duration: must be a whole number of seconds (the Lease stores seconds), got "
                    + e.leaseDuration());
        } else if (e.leaseDuration().compareTo(e.renewDeadline()) <= 0) {
            p.add(key + "lease-duration: must be longer than renew-deadline (" + e.renewDeadline() + "), got "
                    + e.leaseDuration());
        }
    }

    private static void checkUrl(URI u, List<String> p) {
        String scheme = u.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            p.add("neuronetes.prometheus.url: must be an http or https URL with a host, got '" + u + "'");
        } else if (u.getUserInfo() != null) {
            p.add("neuronetes.prometheus.url: must not hold credentials; use neuronetes.prometheus.bearer-token");
        }
    }

    private static void checkStep(Duration step, List<String> p) {
        if (step.isNegative() || step.isZero() || step.toMillis() % 1000 != 0) {
            p.add("neuronetes.prometheus.step: must be a positive whole number of seconds, got " + step);
        } else if (86_400 % step.getSeconds() != 0) {
            p.add("neuronetes.prometheus.step: must divide one day (86400 s), got " + step.getSeconds() + " s");
        }
    }

    private static void checkRetrain(NeuronetesConfig.Retrain r, List<String> p) {
        try {
            QUARTZ.parse(r.cron()).validate();
        } catch (IllegalArgumentException e) {
            p.add("neuronetes.retrain.cron: invalid Quartz cron '" + r.cron() + "': " + e.getMessage());
        }
        if (r.concurrency() < 1 || r.concurrency() > 64) {
            p.add("neuronetes.retrain.concurrency: must be in 1..64, got " + r.concurrency());
        }
        if (r.trees() < 1 || r.trees() > 2000) {
            p.add("neuronetes.retrain.trees: must be in 1..2000, got " + r.trees());
        }
        if (r.stagger().isNegative()) {
            p.add("neuronetes.retrain.stagger: must not be negative, got " + r.stagger());
        }
    }

    private static void checkApi(NeuronetesConfig.Api a, List<String> p) {
        a.token().ifPresent(t -> {
            if (t.length() < 16 || t.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
                p.add("neuronetes.api.token: must be at least 16 printable ASCII characters without spaces "
                        + "(value not shown)");
            }
        });
        positive("neuronetes.api.override-lifetime", a.overrideLifetime(), p);
        if (a.previewReuse().isNegative() || a.previewReuse().compareTo(Duration.ofSeconds(2)) > 0) {
            p.add("neuronetes.api.preview-reuse: must be in 0s..2s, got " + a.previewReuse());
        }
    }

    private static void checkTemplates(NeuronetesConfig.Queries q, List<String> p) {
        q.templates().forEach((type, t) -> checkTemplate("neuronetes.queries.templates." + type, t, p));
        for (Map.Entry<String, Map<String, String>> pool : q.pools().entrySet()) {
            pool.getValue().forEach((type, t) ->
                    checkTemplate("neuronetes.queries.pools." + pool.getKey() + "." + type, t, p));
        }
    }

    private static void checkTemplate(String key, String t, List<String> p) {
        if (t.isBlank()) {
            p.add(key + ": must not be empty");
            return;
        }
        int depth = 0;
        for (char ch : t.toCharArray()) {
            depth += ch == '(' || ch == '{' || ch == '[' ? 1 : ch == ')' || ch == '}' || ch == ']' ? -1 : 0;
            if (depth < 0) {
                break;
            }
        }
        if (depth != 0) {
            p.add(key + ": unbalanced brackets in '" + t + "'");
        }
    }

    private static void positive(String key, Duration d, List<String> p) {
        if (d.isNegative() || d.isZero()) {
            p.add(key + ": must be positive, got " + d);
        }
    }
}
