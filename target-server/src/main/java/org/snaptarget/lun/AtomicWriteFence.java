package org.snaptarget.lun;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps readers of one volume from seeing part of an atomic write (SBC-4 §4.29: no other command
 * observes an atomic write partially done). Writers of the volume are already ordered by the
 * range lock every medium-changing command holds; readers take no lock, so this fence checks them
 * instead, in the manner of a sequence lock:
 * <ul>
 *   <li>the atomic writer publishes its range, makes the sequence odd, applies the write, and
 *       makes the sequence even again ({@link #applying});</li>
 *   <li>a reader notes the sequence, waits while an odd sequence's range overlaps its own, reads,
 *       and keeps the result only if the sequence did not move meanwhile; otherwise it reads again.
 *       After {@value #OPTIMISTIC_READS} such tries it reads while holding the writers' monitor, so
 *       a stream of atomic writes elsewhere cannot starve it.</li>
 * </ul>
 * Atomic writes of one volume run one at a time ({@link #exclusive}), which is what lets one
 * published range describe the write in flight.
 *
 * <p>Cost for reads when no atomic write happens: two volatile reads and a fence.
 */
public final class AtomicWriteFence {

    static final int OPTIMISTIC_READS = 4;

    /** Odd while an atomic write is being applied. */
    private final AtomicLong sequence = new AtomicLong();
    private volatile long from;
    private volatile long to;
    private final Object writers = new Object();

    /** A read of the volume into a buffer, repeatable from the same position. */
    @FunctionalInterface
    public interface Read {
        void into(ByteBuffer dst) throws IOException;
    }

    /** An action run while no other atomic write of the volume runs. */
    @FunctionalInterface
    public interface Exclusive {
        void run() throws IOException;
    }

    /** Runs {@code action} with the atomic writes of this volume serialised, and readers that fall back waiting. */
    public void exclusive(Exclusive action) throws IOException {
        synchronized (writers) {
            action.run();
        }
    }

    /** Reads while no atomic write runs and none can start (the writers' monitor is held). */
    public void readExclusive(ByteBuffer dst, Read read) throws IOException {
        synchronized (writers) {
            read.into(dst);
        }
    }

    /** Applies an atomic write's range; call only inside {@link #exclusive}. */
    public void applying(long offset, long length, Exclusive apply) throws IOException {
        from = offset;
        to = offset + length;
        sequence.incrementAndGet();
        try {
            apply.run();
        } finally {
            sequence.incrementAndGet();
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Reads {@code dst.remaining()} bytes at {@code offset} so that no atomic write is seen half applied. */
    public void read(long offset, ByteBuffer dst, Read read) throws IOException {
        int start = dst.position();
        long end = offset + dst.remaining();
        for (int attempt = 0; attempt < OPTIMISTIC_READS; attempt++) {
            long seen = sequence.get();
            if ((seen & 1) == 1 && offset < to && from < end) {
                awaitChange(seen);
                continue;
            }
            read.into(dst);
            VarHandle.fullFence();
            if (sequence.get() == seen) {
                return;
            }
            dst.position(start);
        }
        synchronized (writers) {
            read.into(dst);
        }
    }

    private void awaitChange(long seen) throws IOException {
        synchronized (this) {
            while (sequence.get() == seen) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted waiting for an atomic write");
                }
            }
        }
    }
}
