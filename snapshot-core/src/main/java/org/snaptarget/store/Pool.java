package org.snaptarget.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A pool: an origin device written in place plus a shared exception store holding every
 * snapshot's differing chunks, indexed by a copy-on-write B+tree keyed by (chunk, snapshot-id
 * range). See {@code snapshot-core/FORMAT.md} for the on-disk layout and the id scheme.
 *
 * <p>Thread-safe. One writer commits at a time; readers see an immutable root.
 */
public interface Pool extends AutoCloseable {

    /** Formats a new pool (fails if the store already holds one). */
    static Pool create(PoolConfig config) {
        return org.snaptarget.store.engine.PoolEngine.create(config);
    }

    /** Opens an existing pool, recovering to its newest valid superblock. */
    static Pool open(PoolConfig config) {
        return org.snaptarget.store.engine.PoolEngine.open(config);
    }

    int chunkSize();

    Volume origin();

    /**
     * Takes a snapshot of the origin ({@code parent == null}) or of the named snapshot. O(1):
     * allocates an id and commits; the snapshot holds every write that returned before the call.
     *
     * @throws StoreException.InvalidRequest for a duplicate or malformed name, an unknown parent, or an id space exhausted
     */
    SnapshotInfo createSnapshot(String name, String parent, boolean readOnly);

    /**
     * Deletes a snapshot: gone from the list and unreadable on return (durably committed);
     * its chunks are freed by the background sweep. Works on a full store.
     */
    void deleteSnapshot(String name);

    List<SnapshotInfo> snapshots();

    Optional<SnapshotInfo> snapshot(String name);

    /** A handle on the named snapshot's data. */
    Volume snapshotVolume(String name);

    PoolStats stats();

    /** Runs the full invariant checker over the durable state plus the in-memory tree. */
    CheckReport check();

    /** True once corruption was found: every write then fails and reads of intact data go on. */
    boolean isReadOnly();

    /**
     * Commits made durable since this pool object was created or opened, of every kind: snapshot
     * creates and deletes, flushes, copy-outs that had to be durable first, sweep batches (FORMAT.md,
     * "Commit"). Monotonic. Read before and after an operation, it tells how many commits completed
     * in between; with group commit one commit may serve several waiting callers.
     */
    long commitCount();

    /**
     * How long the most recent commit took, from freezing its transaction to the force after its
     * superblock; {@link Duration#ZERO} before the first.
     */
    Duration lastCommitDuration();

    /** Waits until the background sweep has nothing left to do, or the timeout passes; returns whether it finished. */
    boolean awaitSweep(Duration timeout);

    /** Flushes, commits and closes both devices. */
    @Override
    void close();
}
