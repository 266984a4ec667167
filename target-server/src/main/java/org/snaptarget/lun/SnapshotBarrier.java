package org.snaptarget.lun;

import org.snaptarget.metrics.SnapshotPauses;
import org.snaptarget.store.Pool;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Makes snapshot creation a consistent point in time for one pool (issue 5): every write that
 * returned before a snapshot is taken is in it, none that starts after the snapshot call returned
 * is, and each write in between is wholly in or wholly out.
 *
 * <p>Why it is needed: the store engine applies a multi-chunk write one chunk at a time, each
 * under its own chunk lock, and takes a snapshot under its metadata lock only; a snapshot that
 * lands between two chunks of one write would hold half of it. Here every write, unmap and
 * multi-buffer write of every volume of the pool holds the shared side of a <em>fair</em>
 * read-write lock for its whole duration, and {@link #exclusively} (snapshot create) holds the
 * exclusive side. Fairness bounds the pause: once a snapshot waits, new writes queue behind it,
 * so it waits only for the writes already running, then for its own commit.
 *
 * <p>Ordering follows: if write W is in a snapshot, W finished before the snapshot took the lock,
 * so every write acknowledged before W was issued finished earlier still and is in it too.
 *
 * <p>Reads never take the lock. Invariant: a thread holding the shared side never asks for the
 * exclusive side (snapshot create is never called from a write).
 *
 * <p>Accounting ({@link SnapshotPauses}): every exclusive section records how long writes were
 * paused (from asking for the exclusive side, since new writes queue from then on, to releasing
 * it) and how many store commits completed while it was held, read from the pool's
 * {@link CommitCounter} on either side of the section. A create is one commit, so anything but 1
 * means writers waited for more than the snapshot's own commit.
 */
public final class SnapshotBarrier {

    /** Shared: a write in flight on some volume of the pool. Exclusive: a snapshot being taken. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private final CommitCounter commits;
    private final SnapshotPauses pauses = new SnapshotPauses();

    /** A barrier that accounts pauses but no commits (for tests without a pool). */
    public SnapshotBarrier() {
        this(CommitCounter.NONE);
    }

    /** A barrier whose pauses count the commits of {@code commits}. */
    public SnapshotBarrier(CommitCounter commits) {
        this.commits = Objects.requireNonNull(commits, "commits");
    }

    /** An action that changes a volume of the pool. */
    @FunctionalInterface
    public interface Change<E extends Exception> {
        void run() throws E;
    }

    /**
     * The store-commit figures a {@link SnapshotBarrier} reads around each exclusive section, to
     * account how many commits a snapshot create held the writers for. A pool provides both
     * ({@link #of}); tests drive their own.
     */
    public interface CommitCounter {

        /** A counter for a barrier that accounts no commits (a pool-less test barrier). */
        CommitCounter NONE = new CommitCounter() {
            @Override
            public long commitCount() {
                return 0;
            }

            @Override
            public long lastCommitNanos() {
                return 0;
            }
        };

        /** Commits completed so far; monotonic ({@link Pool#commitCount()}). */
        long commitCount();

        /** Duration of the most recent commit ({@link Pool#lastCommitDuration()}). */
        long lastCommitNanos();

        /** The commits of {@code pool}. */
        static CommitCounter of(Pool pool) {
            return new CommitCounter() {
                @Override
                public long commitCount() {
                    return pool.commitCount();
                }

                @Override
                public long lastCommitNanos() {
                    return pool.lastCommitDuration().toNanos();
                }
            };
        }
    }

    /** Runs a change of the pool's data; it is wholly before or wholly after any snapshot. */
    public <E extends Exception> void write(Change<E> change) throws E {
        lock.readLock().lock();
        try {
            change.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs {@code snapshot} while no change of the pool's data is in flight, and records the pause
     * it caused, also when it fails.
     */
    public <T> T exclusively(Supplier<T> snapshot) {
        long asked = System.nanoTime();
        long commitsDuring = 0;
        long lastCommit = 0;
        lock.writeLock().lock();
        try {
            long commitsBefore = commits.commitCount();
            try {
                return snapshot.get();
            } finally {
                commitsDuring = commits.commitCount() - commitsBefore;
                lastCommit = commits.lastCommitNanos();
            }
        } finally {
            lock.writeLock().unlock();
            pauses.record(System.nanoTime() - asked, commitsDuring, lastCommit);
        }
    }

    /** The pauses exclusive sections caused so far. */
    public SnapshotPauses pauses() {
        return pauses;
    }

    /** Writes in flight right now (for tests and metrics). */
    public int writesInFlight() {
        return lock.getReadLockCount();
    }
}
