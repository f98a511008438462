package io.neuronetes.service.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** Keeps every record a logger publishes while it is added to it, for tests that read what was logged. */
public final class LogCapture extends Handler {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    /** The records published so far, in order; a live, thread-safe view. */
    public List<LogRecord> records() {
        return records;
    }

    @Override
    public void publish(LogRecord r) {
        records.add(r);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
