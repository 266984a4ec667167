package org.snaptarget.store.btree;

import org.snaptarget.store.format.FormatConstants;

/** A leaf: exception entries sorted by (chunk, idFrom). Columns: chunk, idFrom, idTo, store word. */
public final class LeafNode extends Node {

    public LeafNode(long block, long generation) {
        super(4, FormatConstants.LEAF_CAPACITY, block, generation);
    }

    @Override
    public int capacity() {
        return FormatConstants.LEAF_CAPACITY;
    }

    @Override
    public int level() {
        return 0;
    }

    public ExceptionEntry entry(int i) {
        return ExceptionEntry.fromWords(cols[0][i], cols[1][i], cols[2][i], cols[3][i]);
    }

    void set(int i, ExceptionEntry e) {
        cols[0][i] = e.chunk();
        cols[1][i] = e.idFrom();
        cols[2][i] = e.idTo();
        cols[3][i] = e.storeWord();
    }

    /** Raw column access for the codec. */
    long idTo(int i) {
        return cols[2][i];
    }

    long storeWord(int i) {
        return cols[3][i];
    }

    void setRaw(int i, long chunk, long from, long to, long word) {
        cols[0][i] = chunk;
        cols[1][i] = from;
        cols[2][i] = to;
        cols[3][i] = word;
    }

    @Override
    Node copyTo(long block, long generation) {
        var n = new LeafNode(block, generation);
        n.copyContentFrom(this);
        return n;
    }
}
