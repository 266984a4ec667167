package org.snaptarget.lun;

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
 */
public final class SnapshotBarrier {

    /** Shared: a write in flight on some volume of the pool. Exclusive: a snapshot being taken. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

    /** An action that changes a volume of the pool. */
    @FunctionalInterface
    public interface Change<E extends Exception> {
        void run() throws E;
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

    /** Runs {@code snapshot} while no change of the pool's data is in flight. */
    public <T> T exclusively(Supplier<T> snapshot) {
        lock.writeLock().lock();
        try {
            return snapshot.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Writes in flight right now (for tests and metrics). */
    public int writesInFlight() {
        return lock.getReadLockCount();
    }
}
