package org.snaptarget.store.btree;

import org.snaptarget.store.format.FormatConstants;

/**
 * A branch: child blocks with separator keys. Columns: chunk, idFrom, child block. Invariant:
 * every key in child i is >= key i (for i > 0) and < key i+1; key 0 is only a lower bound and
 * searches treat it as minus infinity.
 */
public final class BranchNode extends Node {

    private final int level;

    public BranchNode(long block, long generation, int level) {
        super(3, FormatConstants.BRANCH_CAPACITY, block, generation);
        this.level = level;
    }

    @Override
    public int capacity() {
        return FormatConstants.BRANCH_CAPACITY;
    }

    @Override
    public int level() {
        return level;
    }

    public long child(int i) {
        return cols[2][i];
    }

    void setChild(int i, long block) {
        cols[2][i] = block;
    }

    void set(int i, long chunk, long from, long child) {
        cols[0][i] = chunk;
        cols[1][i] = from;
        cols[2][i] = child;
    }

    /** The child whose key range holds (chunk, from): the greatest i with key i <= the key, or 0. */
    int childIndexFor(long chunk, long from) {
        int lo = 1;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareKeys(cols[0][mid], cols[1][mid], chunk, from) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    @Override
    Node copyTo(long block, long generation) {
        var n = new BranchNode(block, generation, level);
        n.copyContentFrom(this);
        return n;
    }
}
