package org.snaptarget.store.btree;

/**
 * An exception-tree node in memory: parallel columns of longs, the first two being the key
 * (chunk, idFrom), ordered by {@link #compareKeys}. Leaves hold entries, branches hold
 * separators and child blocks.
 *
 * <p>Invariant: a node whose {@link #generation} equals the running transaction is private to
 * that transaction (dirty) and may be changed in place; any other node is immutable and is
 * shadowed (copied to a new block) before a change. Columns have one spare slot so an insert
 * can overflow a full node before it is split.
 */
public abstract sealed class Node permits LeafNode, BranchNode {

    final long[][] cols;
    int count;
    long block;
    long generation;

    Node(int columns, int capacity, long block, long generation) {
        this.cols = new long[columns][capacity + 1];
        this.block = block;
        this.generation = generation;
    }

    public abstract int capacity();

    public abstract int level();

    public int count() {
        return count;
    }

    public long block() {
        return block;
    }

    public long generation() {
        return generation;
    }

    public long keyChunk(int i) {
        return cols[0][i];
    }

    public long keyFrom(int i) {
        return cols[1][i];
    }

    /** Orders keys by chunk, then idFrom as an unsigned number. */
    public static int compareKeys(long c1, long f1, long c2, long f2) {
        int c = Long.compare(c1, c2);
        return c != 0 ? c : Long.compareUnsigned(f1, f2);
    }

    /** First slot whose key is >= (chunk, from); {@code count} if none. */
    int lowerBound(long chunk, long from) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareKeys(cols[0][mid], cols[1][mid], chunk, from) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    void openSlot(int pos) {
        for (long[] col : cols) {
            System.arraycopy(col, pos, col, pos + 1, count - pos);
        }
        count++;
    }

    void removeSlot(int pos) {
        for (long[] col : cols) {
            System.arraycopy(col, pos + 1, col, pos, count - pos - 1);
        }
        count--;
    }

    /** Moves slots [from, count) of this node to the end of {@code dst}. */
    void moveTail(int from, Node dst) {
        int n = count - from;
        for (int c = 0; c < cols.length; c++) {
            System.arraycopy(cols[c], from, dst.cols[c], dst.count, n);
        }
        dst.count += n;
        count = from;
    }

    /** Moves the first {@code n} slots of this node to the end of {@code dst}. */
    void moveHead(int n, Node dst) {
        for (int c = 0; c < cols.length; c++) {
            System.arraycopy(cols[c], 0, dst.cols[c], dst.count, n);
            System.arraycopy(cols[c], n, cols[c], 0, count - n);
        }
        dst.count += n;
        count -= n;
    }

    /** Moves the last {@code n} slots of this node to the front of {@code dst}. */
    void moveTailToFront(int n, Node dst) {
        for (int c = 0; c < cols.length; c++) {
            System.arraycopy(dst.cols[c], 0, dst.cols[c], n, dst.count);
            System.arraycopy(cols[c], count - n, dst.cols[c], 0, n);
        }
        dst.count += n;
        count -= n;
    }

    /** A private copy for transaction {@code generation} living in {@code block}. */
    abstract Node copyTo(long block, long generation);

    void copyContentFrom(Node src) {
        for (int c = 0; c < cols.length; c++) {
            System.arraycopy(src.cols[c], 0, cols[c], 0, src.count);
        }
        count = src.count;
    }
}
