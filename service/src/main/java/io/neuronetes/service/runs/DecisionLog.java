package io.neuronetes.service.runs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** The last decisions of one pool, newest last, at most {@code capacity}. Thread-safe. */
public final class DecisionLog {

    private final int capacity;
    private final Deque<DecisionRecord> records = new ArrayDeque<>();

    public DecisionLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void add(DecisionRecord r) {
        records.addLast(r);
        while (records.size() > capacity) {
            records.removeFirst();
        }
    }

    /** The newest {@code limit} records, newest first. */
    public synchronized List<DecisionRecord> newest(int limit) {
        List<DecisionRecord> out = new ArrayList<>(Math.min(limit, records.size()));
        var it = records.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        return out;
    }

    public synchronized Optional<DecisionRecord> last() {
        return Optional.ofNullable(records.peekLast());
    }

    public synchronized int size() {
        return records.size();
    }
}
