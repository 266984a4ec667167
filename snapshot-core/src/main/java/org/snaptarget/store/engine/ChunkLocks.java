package org.snaptarget.store.engine;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Striped per-chunk locks ordering data I/O against metadata changes of the same chunk. Writers
 * (origin and snapshot writes, unmap, the sweep) hold a chunk's stripe exclusively from their
 * decision (which entry covers what) until the data is in place, so the entries of a chunk only
 * change under its stripe; snapshot reads hold it shared, so they never read an origin chunk
 * that a copy-out is about to overwrite. Always taken before the state lock, never after.
 */
final class ChunkLocks {

    private final ReentrantReadWriteLock[] stripes;

    ChunkLocks(int stripes) {
        this.stripes = new ReentrantReadWriteLock[Integer.highestOneBit(stripes)];
        for (int i = 0; i < this.stripes.length; i++) {
            this.stripes[i] = new ReentrantReadWriteLock();
        }
    }

    ReentrantReadWriteLock of(long chunk) {
        long h = chunk * 0x9E37_79B9_7F4A_7C15L;
        return stripes[(int) (h >>> 40) & (stripes.length - 1)];
    }
}
