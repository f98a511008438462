package io.neuronetes.scheduler.plan;

import java.util.Locale;
import java.util.Objects;

/**
 * A message given ready or as {@code String.format(Locale.ROOT, format, args)}, formatted when first read, so that
 * deciding stays cheap when nobody reads the reasons and actions. Thread-safe: a race formats twice, to the same text.
 */
final class LazyMessage {

    private final String format;
    private final Object[] args;
    private volatile String text;

    private LazyMessage(String format, Object[] args, String text) {
        this.format = format;
        this.args = args;
        this.text = text;
    }

    static LazyMessage ready(String text) {
        return new LazyMessage(null, null, Objects.requireNonNull(text, "message"));
    }

    static LazyMessage formatted(String format, Object... args) {
        return new LazyMessage(Objects.requireNonNull(format, "format"), args.clone(), null);
    }

    String text() {
        String t = text;
        if (t == null) {
            t = String.format(Locale.ROOT, format, args);
            text = t;
        }
        return t;
    }
}
