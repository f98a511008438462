package io.neuronetes.scheduler.spec;

import java.util.Objects;

/**
 * One problem in a resource document: the field path from the document root ({@code
 * spec.autoscaling.predictive.schedules[1].cron}) and the reason.
 */
public record FieldError(String path, String reason) {

    public FieldError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
