package org.snaptarget.store.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import org.snaptarget.store.btree.ExceptionEntry;
import org.snaptarget.store.btree.ExceptionTree;

/**
 * Exact space accounting: for every live snapshot, the store chunks whose only live reader it
 * is (what deleting it alone would free), and the store chunks no live device reads any more
 * (what the sweep has still to free).
 *
 * <p>A store chunk is referenced only by entries of one data chunk, and those entries' id ranges
 * are disjoint, so its live readers are the live ids inside those ranges; two found are enough
 * to know it is shared. The figures are computed in one pass over the tree when first asked
 * after a deletion ({@link #invalidate}: it changes the readers of chunks anywhere); every
 * other change keeps them exact in place, at the cost of looking at the entries of the one chunk
 * it touches ({@link #adjust}, {@link #childCreated}).
 *
 * <p>Thread-safety: callers hold the state lock (shared at least); this object's monitor guards
 * the cached figures.
 */
final class SpaceAccounting {

    private Map<Long, Long> exclusive = Map.of();
    private long pendingChunks;
    private boolean valid;

    synchronized void invalidate() {
        valid = false;
    }

    /**
     * Adds ({@code sign} 1) or removes (-1) what one store chunk contributes, given its readers
     * as computed by {@link #readers}: one to its only live reader's exclusive space, or one to
     * the pending count when it is still referenced but has no live reader. Changes subtract the
     * contribution before and add the one after, so the figures stay exact without a rescan.
     */
    synchronized void adjust(long[] readers, int sign) {
        if (!valid || readers[2] == 0) {
            return;
        }
        if (readers[0] == 0) {
            pendingChunks += sign;
        } else if (readers[0] == 1) {
            exclusive.merge(readers[1], (long) sign, Long::sum);
        }
    }

    /** A snapshot of {@code parent} was taken: it now shares every chunk its parent had alone. */
    synchronized void childCreated(long parent) {
        if (valid) {
            exclusive.remove(parent);
        }
    }

    /**
     * The readers of store chunk {@code x} of data chunk {@code chunk}: {live readers counted up
     * to 2, the first live reader, 1 if any entry references it}. O(entries of the chunk).
     */
    static long[] readers(ExceptionTree tree, NavigableSet<Long> live, long chunk, long x) {
        long[] r = new long[3];
        var cursor = tree.cursor(chunk, 0);
        for (ExceptionEntry e = cursor.next(); e != null && e.chunk() == chunk; e = cursor.next()) {
            if (e.unmapped() || e.storeChunk() != x) {
                continue;
            }
            r[2] = 1;
            count(r, e, live);
        }
        return r;
    }

    private static void count(long[] r, ExceptionEntry e, NavigableSet<Long> live) {
        Long first = live.ceiling(e.idFrom());
        if (first != null && Long.compareUnsigned(first, e.idTo()) <= 0) {
            Long second = live.higher(first);
            boolean two = second != null && Long.compareUnsigned(second, e.idTo()) <= 0;
            if (r[0] == 0) {
                r[1] = first;
            }
            r[0] = Math.min(2, r[0] + (two ? 2 : 1));
        }
    }

    synchronized long exclusiveChunks(long id, ExceptionTree tree, NavigableSet<Long> live) {
        refresh(tree, live);
        return exclusive.getOrDefault(id, 0L);
    }

    synchronized long pendingChunks(ExceptionTree tree, NavigableSet<Long> live) {
        refresh(tree, live);
        return pendingChunks;
    }

    private void refresh(ExceptionTree tree, NavigableSet<Long> live) {
        if (valid) {
            return;
        }
        var excl = new HashMap<Long, Long>();
        long pending = 0;
        var readers = new HashMap<Long, long[]>();
        var cursor = tree.cursor(0, 0);
        long chunk = -1;
        for (ExceptionEntry e = cursor.next(); ; e = cursor.next()) {
            if (e == null || e.chunk() != chunk) {
                for (long[] r : readers.values()) {
                    if (r[0] == 0) {
                        pending++;
                    } else if (r[0] == 1) {
                        excl.merge(r[1], 1L, Long::sum);
                    }
                }
                readers.clear();
                if (e == null) {
                    break;
                }
                chunk = e.chunk();
            }
            if (e.unmapped()) {
                continue;
            }
            count(readers.computeIfAbsent(e.storeChunk(), k -> new long[3]), e, live);
        }
        exclusive = excl;
        pendingChunks = pending;
        valid = true;
    }
}
