package io.neuronetes.service.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code wrk} and returns its report (latency distribution included). */
final class Wrk {

    private Wrk() {
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/wrk"));
    }

    /** {@code wrk -t<min(2, connections)> -c<connections> -d<seconds>s --latency <url>}. */
    static String run(String url, int connections, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/wrk", "-t" + Math.min(2, connections), "-c" + connections,
                "-d" + seconds + "s", "--latency", url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(seconds + 30L, TimeUnit.SECONDS);
        return out;
    }

    /** The line of a percentile in wrk's latency distribution, e.g. {@code 99%}. */
    static String percentile(String report, String pct) {
        return report.lines().filter(l -> l.strip().startsWith(pct)).findFirst().orElse("?").strip();
    }
}
