package org.snaptarget.server.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snaptarget.config.PoolSpec;
import org.snaptarget.lun.SnapshotBarrier;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.PoolStats;

/**
 * One open pool in the running server: the store {@link Pool}, its configuration, the
 * {@link SnapshotBarrier} all its LUNs share (counting the pool's commits inside each snapshot
 * pause), and the watch on its soft threshold.
 *
 * <p>Soft threshold (SBC-4 §4.7.3.7, issue 5): when the store's used blocks pass
 * {@code store.warnAt} percent of its blocks, every I_T nexus of every LUN of the pool gets THIN
 * PROVISIONING SOFT THRESHOLD REACHED (06h/38h/07h) once; the listeners registered with
 * {@link #onSoftThreshold} raise it. Writes only mark the pool as changed ({@link #afterWrite}, a
 * volatile store); the runtime's usage monitor samples changed pools off the I/O path
 * ({@link #sampleIfChanged}, about once a second), because {@link Pool#stats()} recomputes its
 * space figures with a walk of the exception tree after every copy-out and must not add that to a
 * write's latency. Every {@link #stats()} call (status, metrics) samples too. Dropping back below
 * the threshold (snapshots deleted and swept) re-arms it.
 *
 * <p>Opening: a store file that is absent or empty is formatted ({@link Pool#create}, creating a
 * sparse origin of the configured size if absent); any other store is opened ({@link Pool#open})
 * and must match the configured sizes and chunk size, or opening fails with a message saying which.
 */
public final class PoolRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PoolRuntime.class);

    private final PoolSpec spec;
    private final Pool pool;
    private final SnapshotBarrier barrier;
    /** Set by writes, cleared by the sample that follows them. */
    private final AtomicBoolean changed = new AtomicBoolean();
    /** Whether usage is past warnAt; flips back when it drops below. */
    private final AtomicBoolean softReached = new AtomicBoolean();
    private final CopyOnWriteArrayList<Runnable> softThresholdListeners = new CopyOnWriteArrayList<>();

    PoolRuntime(PoolSpec spec, Pool pool) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.barrier = new SnapshotBarrier(SnapshotBarrier.CommitCounter.of(pool));
        softReached.set(usedPercentPast(pool.stats()));
    }

    /** Formats or opens the pool of {@code spec} as described in the class comment. */
    public static PoolRuntime open(PoolSpec spec) throws IOException {
        PoolConfig config = new PoolConfig(spec.origin().path(), spec.origin().size().bytes(), spec.store().path(),
                spec.store().size().bytes(), (int) spec.chunkSize().bytes(),
                org.snaptarget.store.io.StoreFileSystem.local());
        Pool pool;
        if (needsFormat(spec.store().path())) {
            Files.createDirectories(spec.store().path().toAbsolutePath().getParent());
            Files.createDirectories(spec.origin().path().toAbsolutePath().getParent());
            log.info("pool {}: formatting store {} ({} bytes, {}-byte chunks)", spec.name(), spec.store().path(),
                    config.storeSize(), config.chunkSize());
            pool = Pool.create(config);
        } else {
            pool = Pool.open(config);
        }
        return new PoolRuntime(spec, pool);
    }

    /** An absent or empty store, or a device whose first MiB is all zeros, holds no pool yet. */
    private static boolean needsFormat(Path store) throws IOException {
        if (!Files.exists(store)) {
            return true;
        }
        if (Files.isRegularFile(store)) {
            return Files.size(store) == 0;
        }
        try (FileChannel ch = FileChannel.open(store, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(1 << 20);
            while (head.hasRemaining() && ch.read(head) > 0) {
                // keep reading
            }
            head.flip();
            while (head.hasRemaining()) {
                if (head.get() != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    public String name() {
        return spec.name();
    }

    public PoolSpec spec() {
        return spec;
    }

    public Pool pool() {
        return pool;
    }

    public SnapshotBarrier barrier() {
        return barrier;
    }

    /** Registers what to do each time usage passes the soft threshold. */
    void onSoftThreshold(Runnable listener) {
        softThresholdListeners.add(listener);
    }

    public int warnAtPercent() {
        return spec.store().warnAt().value();
    }

    public boolean softThresholdReached() {
        return softReached.get();
    }

    /** Called after every write or unmap of one of the pool's LUNs: cheap, it only marks the pool. */
    void afterWrite() {
        if (!changed.get()) {
            changed.set(true);
        }
    }

    /** Samples usage if a write happened since the last sample; returns whether it sampled. */
    boolean sampleIfChanged() {
        if (!changed.getAndSet(false)) {
            return false;
        }
        try {
            stats();
        } catch (RuntimeException e) {
            log.debug("pool {}: usage sample failed: {}", spec.name(), e.toString());
        }
        return true;
    }

    /** The pool's statistics; also updates the soft-threshold state and fires it on a crossing. */
    public PoolStats stats() {
        PoolStats stats = pool.stats();
        updateSoftThreshold(stats);
        return stats;
    }

    /**
     * Fires the listeners on a crossing and only then shows the new state, so whoever sees
     * {@link #softThresholdReached()} true knows the unit attentions are queued. Synchronized: two
     * samples racing must not fire twice.
     */
    private synchronized void updateSoftThreshold(PoolStats stats) {
        boolean past = usedPercentPast(stats);
        if (past && !softReached.get()) {
            log.warn("pool {}: store usage {} of {} chunks passed the soft threshold {}%", spec.name(),
                    stats.blocksUsed(), stats.storeBlocks(), warnAtPercent());
            softThresholdListeners.forEach(Runnable::run);
            softReached.set(true);
        } else if (!past && softReached.get()) {
            log.info("pool {}: store usage back below the soft threshold {}%", spec.name(), warnAtPercent());
            softReached.set(false);
        }
    }

    private boolean usedPercentPast(PoolStats s) {
        return s.storeBlocks() > 0 && s.blocksUsed() * 100 > (long) warnAtPercent() * s.storeBlocks();
    }

    @Override
    public void close() {
        pool.close();
    }
}
