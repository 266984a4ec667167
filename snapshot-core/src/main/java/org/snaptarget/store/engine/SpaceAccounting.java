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
 * after a change ({@link #invalidate}) and kept until the next change, except that the sweep
 * keeps the pending count current as it frees ({@link #sweptChunk}).
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

    synchronized void sweptChunk() {
        if (valid && pendingChunks > 0) {
            pendingChunks--;
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
            long[] r = readers.computeIfAbsent(e.storeChunk(), k -> new long[2]);
            Long first = live.ceiling(e.idFrom());
            if (first != null && Long.compareUnsigned(first, e.idTo()) <= 0) {
                Long second = live.higher(first);
                boolean two = second != null && Long.compareUnsigned(second, e.idTo()) <= 0;
                r[0] = Math.min(2, r[0] + (two ? 2 : 1));
                r[1] = first;
            }
        }
        exclusive = excl;
        pendingChunks = pending;
        valid = true;
    }
}
