package org.snaptarget.store.engine;

import java.time.Duration;

/**
 * Tuning of one open pool.
 *
 * @param cacheNodes       bound of the in-memory node cache (4 KiB nodes; the OS page cache does the rest)
 * @param copyOutsInFlight origin copy-outs allowed to wait for their commit at once
 * @param sweepBatch       entries the background sweep examines per commit
 * @param sweepPause       pause between sweep batches (the throttle)
 * @param readOnly         open without ever writing (the offline checker)
 */
public record EngineOptions(int cacheNodes, int copyOutsInFlight, int sweepBatch, Duration sweepPause, boolean readOnly) {

    public static EngineOptions defaults() {
        return new EngineOptions(8192, 64, 4096, Duration.ofMillis(1), false);
    }

    public EngineOptions asReadOnly() {
        return new EngineOptions(cacheNodes, copyOutsInFlight, sweepBatch, sweepPause, true);
    }
}
