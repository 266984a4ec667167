package org.snaptarget.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram with fixed bucket bounds, as Prometheus exposes one: per bucket the number
 * of observations at or below its upper bound (cumulative when rendered, with a final {@code +Inf}
 * bucket), their sum and their count. Bounds run from 50 µs to 10 s, which covers a page-cache hit
 * and a commit behind a slow disk alike.
 *
 * <p>Thread-safe and lock-free: one {@link LongAdder} per bucket. A snapshot taken while
 * observations land may be off by the few observations in flight, never inconsistent by more.
 */
public final class LatencyHistogram {

    /** Upper bounds in seconds, ascending; the {@code +Inf} bucket is implicit. */
    static final double[] BOUNDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1, 2.5, 5, 10};
    private static final long[] BOUNDS_NANOS = new long[BOUNDS.length];

    static {
        for (int i = 0; i < BOUNDS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BOUNDS[i] * 1e9);
        }
    }

    /** Non-cumulative counts; the last slot is above every bound. */
    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Records one observation of {@code nanos} nanoseconds (negative values count as 0). */
    public void observe(long nanos) {
        long n = Math.max(0, nanos);
        int i = 0;
        while (i < BOUNDS_NANOS.length && n > BOUNDS_NANOS[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(n);
    }

    /** A consistent-enough copy: cumulative counts per bound plus {@code +Inf}, sum in seconds, count. */
    public Snapshot snapshot() {
        long[] cumulative = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(cumulative, sumNanos.sum() / 1e9);
    }

    /**
     * @param cumulative counts at or below each of {@link #BOUNDS}, then the {@code +Inf} count
     * @param sumSeconds the sum of every observation
     */
    public record Snapshot(long[] cumulative, double sumSeconds) {
        public long count() {
            return cumulative[cumulative.length - 1];
        }
    }
}
