package io.neuronetes.scheduler.spec;

import java.util.Objects;

/**
 * One problem in a resource document: the field path from the document root ({@code
 * spec.autoscaling.predictive.schedules[1].cron}) and the reason. Both are cut to {@link #MAX_LENGTH} characters,
 * so that a huge value echoed by a reason never floods a status, a log line or an API answer.
 */
public record FieldError(String path, String reason) {

    /** Longest path or reason kept. */
    public static final int MAX_LENGTH = 300;

    public FieldError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
        path = cut(path);
        reason = cut(reason);
    }

    private static String cut(String s) {
        return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH) + "... (cut)";
    }

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
