package org.snaptarget.store.engine;

import static org.snaptarget.store.format.FormatConstants.BLOCK_SIZE;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.format.Superblock;

/**
 * The commit protocol with group commit (FORMAT.md, "Commit"). Commit N: under the state write
 * lock, freeze the dirty nodes and build superblock N, and open transaction N+1; then, without
 * the lock, write the nodes, force the store, write superblock N into slot {@code N & 1}, force
 * again; only then release the blocks freed in N and report N durable.
 *
 * <p>Group commit: a thread that needs transaction T durable either finds it durable, or waits
 * while another thread's commit runs, or becomes the leader and commits everything changed so
 * far, for all waiters at once. Changes keep flowing into transaction N+1 while N is written.
 *
 * <p>The monitor guards {@code durable}, {@code running}, {@code failure} and the commit count and
 * last duration (both set together when a commit becomes durable). A failed commit
 * leaves memory ahead of the disk, so it turns the pool read-only for good.
 */
final class CommitPipeline {

    private final EngineState s;
    private final Object monitor = new Object();
    private long durable;
    private boolean running;
    private RuntimeException failure;
    private long commitCount;
    private long lastCommitNanos;

    CommitPipeline(EngineState state, long durable) {
        this.s = state;
        this.durable = durable;
    }

    /** Whether a commit failed (memory is then ahead of the disk for good). */
    boolean failed() {
        synchronized (monitor) {
            return failure != null;
        }
    }

    /** Commits written since the pool was opened. */
    long commitCount() {
        synchronized (monitor) {
            return commitCount;
        }
    }

    /** Wall time of the most recent commit, from freezing it to the force after its superblock; 0 before the first. */
    long lastCommitNanos() {
        synchronized (monitor) {
            return lastCommitNanos;
        }
    }

    long durable() {
        synchronized (monitor) {
            return durable;
        }
    }

    /** Returns once transaction {@code txn} (and everything before it) is durable. */
    void awaitDurable(long txn) {
        while (true) {
            synchronized (monitor) {
                while (true) {
                    if (durable >= txn) {
                        return;
                    }
                    if (failure != null) {
                        throw new StoreException.ReadOnly("an earlier commit failed (" + failure.getMessage()
                                + "); the pool is read-only");
                    }
                    if (!running) {
                        running = true;
                        break;
                    }
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StoreException.DeviceError("interrupted while waiting for a commit", e);
                    }
                }
            }
            try {
                commitOnce();
            } catch (RuntimeException e) {
                synchronized (monitor) {
                    failure = e;
                }
                s.turnReadOnly("commit failed: " + e.getMessage());
                throw e;
            } finally {
                synchronized (monitor) {
                    running = false;
                    monitor.notifyAll();
                }
            }
        }
    }

    /**
     * Makes everything written so far durable: the running transaction if it changed (else the
     * one a commit may be writing right now), then a store force for data written in place.
     */
    void flush() {
        long target = s.changed ? s.txn : s.txn - 1;
        if (target > durable()) {
            s.requireWritable();
            awaitDurable(target);
        }
        s.devices.forceStore();
    }

    private void commitOnce() {
        List<TransactionalNodeStore.Frozen> nodes;
        List<Map.Entry<Long, ByteBuffer>> tables;
        Superblock sb;
        long n;
        long started = System.nanoTime();
        s.lock.writeLock().lock();
        try {
            s.requireWritable();
            n = s.txn;
            nodes = s.nodes.freeze();
            tables = s.table.freeze();
            sb = s.superblock(n);
            s.changed = false;
            s.txn = n + 1;
        } finally {
            s.lock.writeLock().unlock();
        }
        for (TransactionalNodeStore.Frozen f : nodes) {
            s.devices.writeBlock(f.node().block(), f.bytes());
        }
        for (Map.Entry<Long, ByteBuffer> t : tables) {
            s.devices.writeBlock(t.getKey(), t.getValue());
        }
        s.devices.forceStore();
        s.devices.writeStore(sb.encode(), (n & 1) * BLOCK_SIZE);
        s.devices.forceStore();
        s.nodes.written(nodes);
        s.table.written(tables);
        s.pendingChunkTxn.values().removeIf(t -> t <= n);
        s.freshChunks.values().removeIf(t -> t <= n);
        s.allocator.releaseThrough(n);
        synchronized (monitor) {
            durable = n;
            commitCount++;
            lastCommitNanos = System.nanoTime() - started;
        }
    }
}
