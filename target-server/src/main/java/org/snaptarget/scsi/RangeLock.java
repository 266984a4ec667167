package org.snaptarget.scsi;

import java.util.ArrayList;
import java.util.List;

/**
 * Exclusive locks on byte ranges of one logical unit. Every command that changes the medium holds
 * the range it changes while it writes, so COMPARE AND WRITE (SBC-4 §5.3), which holds its range
 * across read, compare and write, is atomic against all of them. Disjoint ranges never wait for
 * each other.
 *
 * <p>Held ranges live in a small list guarded by this object's monitor; waiters block (on storage
 * threads only, never on an event loop) until no held range overlaps theirs. Acquisition order is
 * not fair, but a command holds at most one range, so there is no deadlock.
 */
public final class RangeLock {

    private final List<long[]> held = new ArrayList<>();

    /** A held range; closing it releases it. */
    public final class Held implements AutoCloseable {
        private final long[] range;

        private Held(long[] range) {
            this.range = range;
        }

        @Override
        public void close() {
            synchronized (RangeLock.this) {
                held.remove(range);
                RangeLock.this.notifyAll();
            }
        }
    }

    /** Blocks until {@code [offset, offset + length)} overlaps no held range, then holds it. */
    public Held lock(long offset, long length) {
        long[] range = {offset, offset + length};
        boolean interrupted = false;
        synchronized (this) {
            while (overlapsHeld(range)) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            held.add(range);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new Held(range);
    }

    private boolean overlapsHeld(long[] range) {
        for (long[] h : held) {
            if (range[0] < h[1] && h[0] < range[1]) {
                return true;
            }
        }
        return false;
    }
}
