package org.snaptarget.store.engine;

import static org.snaptarget.store.format.FormatConstants.SWEEP_ACTIVE;
import static org.snaptarget.store.format.FormatConstants.SWEEP_WRAP;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snaptarget.store.btree.ExceptionEntry;
import org.snaptarget.store.format.FormatConstants;

/**
 * The background sweep (FORMAT.md, "Sweep"): after snapshots are deleted it walks the exception
 * tree in chunk order, drops entries with no live id left and frees store chunks no entry
 * references any more, committing every batch; deletions made while it runs are served by the
 * same walk (it wraps around to where they happened), so many deletions cost one pass.
 *
 * <p>State, persisted in the superblock so a crash resumes the pass: flags ACTIVE and WRAP, the
 * cursor (first chunk not yet examined) and the stop chunk. ACTIVE without WRAP: examine chunks
 * from the cursor up to the stop chunk, then finish. WRAP: run to the end of the tree, then go on
 * from chunk 0 (WRAP cleared). A deletion while idle starts a pass over everything; a deletion
 * while active sets WRAP with stop = cursor, so everything is examined once more after it.
 *
 * <p>Throttled: one batch per commit, a pause between batches. Runs on its own daemon thread;
 * takes chunk stripes and the state lock like any writer, and may use the metadata reserve.
 */
final class Sweeper implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    static final long END = FormatConstants.MAX_CHUNK_NUMBER + 1;

    private final EngineState s;
    private final CommitPipeline commits;
    private final DataPath data;
    private final int batch;
    private final Duration pause;
    private final Object monitor = new Object();
    private volatile boolean stopping;
    /** Deletions so far (guarded by the state lock): a batch that saw a deletion land re-examines its chunks. */
    private long deletions;
    private Thread thread;

    Sweeper(EngineState state, CommitPipeline commits, DataPath data, int batch, Duration pause) {
        this.s = state;
        this.commits = commits;
        this.data = data;
        this.batch = batch;
        this.pause = pause;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("snaptarget-sweep").start(this);
    }

    /** Under the state write lock: a snapshot was deleted, so a pass must examine every chunk again. */
    void deletionHappened() {
        deletions++;
        if ((s.sweepFlags & SWEEP_ACTIVE) == 0) {
            s.sweepFlags = SWEEP_ACTIVE;
            s.sweepCursor = 0;
            s.sweepStop = END;
        } else {
            s.sweepFlags = SWEEP_ACTIVE | SWEEP_WRAP;
            s.sweepStop = s.sweepCursor;
        }
        s.changed = true;
    }

    void wake() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    void stop() {
        stopping = true;
        wake();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean idle() {
        s.lock.readLock().lock();
        try {
            return (s.sweepFlags & SWEEP_ACTIVE) == 0;
        } finally {
            s.lock.readLock().unlock();
        }
    }

    /** Waits until no pass is pending or the timeout passes. */
    boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!idle()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || stopping || s.readOnly()) {
                return idle();
            }
            synchronized (monitor) {
                try {
                    monitor.wait(Math.max(1, Math.min(50, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return idle();
                }
            }
        }
        return true;
    }

    @Override
    public void run() {
        while (!stopping) {
            try {
                if (idle() || s.readOnly()) {
                    synchronized (monitor) {
                        monitor.wait(200);
                    }
                    continue;
                }
                runBatch();
                wake();
                if (!pause.isZero()) {
                    Thread.sleep(pause);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!stopping) {
                    LOG.error("sweep batch failed; retrying later", e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** One batch: find chunks with dead entries from the cursor, clean them, move the cursor, commit. */
    void runBatch() {
        var deadChunks = new ArrayList<Long>();
        long nextCursor;
        boolean endOfTree = false;
        long seenDeletions;
        s.lock.readLock().lock();
        try {
            seenDeletions = deletions;
            long limit = (s.sweepFlags & SWEEP_WRAP) != 0 ? END : s.sweepStop;
            var cursor = s.tree.cursor(s.sweepCursor, 0);
            int examined = 0;
            long last = -1;
            nextCursor = s.sweepCursor;
            while (true) {
                ExceptionEntry e = cursor.next();
                if (e == null || e.chunk() >= limit) {
                    endOfTree = true;
                    break;
                }
                if (examined >= batch && e.chunk() != last) {
                    nextCursor = e.chunk();
                    break;
                }
                examined++;
                if (!s.anyLive(e.idFrom(), e.idTo()) && (deadChunks.isEmpty() || deadChunks.getLast() != e.chunk())) {
                    deadChunks.add(e.chunk());
                }
                last = e.chunk();
            }
        } finally {
            s.lock.readLock().unlock();
        }
        for (long chunk : deadChunks) {
            clean(chunk);
        }
        long txn;
        s.lock.writeLock().lock();
        try {
            if ((s.sweepFlags & SWEEP_ACTIVE) == 0) {
                return;
            }
            if (deletions != seenDeletions) {
                // a deletion landed after this batch looked: its chunks are examined again
                return;
            }
            if (!endOfTree) {
                s.sweepCursor = nextCursor;
            } else if ((s.sweepFlags & SWEEP_WRAP) != 0) {
                s.sweepFlags = SWEEP_ACTIVE;
                s.sweepCursor = 0;
            } else {
                s.sweepFlags = 0;
                s.sweepCursor = 0;
                s.sweepStop = 0;
                s.nodes.allowReserve = true;
                try {
                    s.table.compactIfWorthIt(true, s.nodes, s.allocator);
                } finally {
                    s.nodes.allowReserve = false;
                }
            }
            s.changed = true;
            txn = s.txn;
        } finally {
            s.lock.writeLock().unlock();
        }
        commits.awaitDurable(txn);
    }

    private void clean(long chunk) {
        var stripe = s.chunkLocks.of(chunk).writeLock();
        stripe.lock();
        s.lock.writeLock().lock();
        s.nodes.allowReserve = true;
        try {
            if (s.readOnly()) {
                return;
            }
            List<ExceptionEntry> entries = s.tree.entriesOf(chunk);
            var stores = new java.util.TreeSet<Long>();
            for (ExceptionEntry e : entries) {
                if (!e.unmapped()) {
                    stores.add(e.storeChunk());
                }
            }
            for (long y : stores) {
                s.accounting.adjust(SpaceAccounting.readers(s.tree, s.table.live(), chunk, y), -1);
            }
            var dropped = new java.util.HashMap<Long, Integer>();
            for (ExceptionEntry e : entries) {
                if (!s.anyLive(e.idFrom(), e.idTo())) {
                    s.tree.delete(chunk, e.idFrom());
                    if (!e.unmapped()) {
                        dropped.merge(e.storeChunk(), 1, Integer::sum);
                    }
                }
            }
            for (var d : dropped.entrySet()) {
                int n = s.refs(d.getKey()) - d.getValue();
                s.setRefs(d.getKey(), n);
                if (n == 0) {
                    data.freeStoreChunk(d.getKey());
                }
            }
            for (long y : stores) {
                s.accounting.adjust(SpaceAccounting.readers(s.tree, s.table.live(), chunk, y), 1);
            }
            s.changed = true;
        } finally {
            s.nodes.allowReserve = false;
            s.lock.writeLock().unlock();
            stripe.unlock();
        }
    }
}
