package org.snaptarget.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one LUN's medium operations: per kind of operation, how many completed, how many
 * failed, how many bytes they moved, and a latency histogram. Thread-safe and lock-free.
 */
public final class IoMetrics {

    /** The kinds of medium operation a LUN performs. */
    public enum Operation {
        READ, WRITE, UNMAP, FLUSH;

        /** The label value in the exposition: lower case. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The figures of one operation kind. */
    public static final class Counters {
        private final LongAdder operations = new LongAdder();
        private final LongAdder errors = new LongAdder();
        private final LongAdder bytes = new LongAdder();
        private final LatencyHistogram latency = new LatencyHistogram();

        public long operations() {
            return operations.sum();
        }

        public long errors() {
            return errors.sum();
        }

        public long bytes() {
            return bytes.sum();
        }

        public LatencyHistogram latency() {
            return latency;
        }
    }

    private final Map<Operation, Counters> counters = new EnumMap<>(Operation.class);

    public IoMetrics() {
        for (Operation op : Operation.values()) {
            counters.put(op, new Counters());
        }
    }

    /** Records one finished operation: {@code bytes} moved, {@code nanos} taken, failed or not. */
    public void record(Operation op, long bytes, long nanos, boolean failed) {
        Counters c = counters.get(op);
        c.operations.increment();
        if (failed) {
            c.errors.increment();
        } else {
            c.bytes.add(bytes);
        }
        c.latency.observe(nanos);
    }

    public Counters of(Operation op) {
        return counters.get(op);
    }
}
