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

    /**
     * The defaults: an 8192-node (32 MiB of blocks) cache, 64 copy-outs in flight, sweep batches
     * of 4096 entries 1 ms apart. System properties {@code snaptarget.store.cacheNodes} and
     * {@code snaptarget.store.sweepPauseMillis} override the cache bound and the sweep pause.
     */
    public static EngineOptions defaults() {
        return new EngineOptions(Integer.getInteger("snaptarget.store.cacheNodes", 8192), 64, 4096,
                Duration.ofMillis(Long.getLong("snaptarget.store.sweepPauseMillis", 1)), false);
    }

    public EngineOptions {
        if (cacheNodes < 16 || copyOutsInFlight < 1 || sweepBatch < 1 || sweepPause.isNegative()) {
            throw new IllegalArgumentException("engine options out of range: " + cacheNodes + " cache nodes, "
                    + copyOutsInFlight + " copy-outs, sweep batch " + sweepBatch + ", pause " + sweepPause);
        }
    }

    public EngineOptions asReadOnly() {
        return new EngineOptions(cacheNodes, copyOutsInFlight, sweepBatch, sweepPause, true);
    }
}
