package org.snaptarget.store.bench;

import java.util.Arrays;

/**
 * Percentiles of a set of measured durations (nanoseconds), by the nearest-rank method.
 *
 * @param nanos the samples, sorted ascending
 */
record Latencies(long[] nanos) {

    Latencies {
        nanos = nanos.clone();
        Arrays.sort(nanos);
    }

    int count() {
        return nanos.length;
    }

    /** The {@code p}-th percentile (0 < p ≤ 100) in milliseconds; NaN when there are no samples. */
    double percentileMillis(double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * nanos.length);
        return nanos[Math.max(0, rank - 1)] / 1e6;
    }
}
