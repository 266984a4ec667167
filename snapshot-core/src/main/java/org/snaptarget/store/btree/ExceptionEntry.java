package org.snaptarget.store.btree;

import org.snaptarget.store.format.FormatConstants;

/**
 * One exception entry (FORMAT.md, "Exception entry"): for data chunk {@code chunk}, every device
 * whose id lies in [{@code idFrom}, {@code idTo}] (unsigned, inclusive) reads store chunk
 * {@code storeChunk}, or zeros when {@link #unmapped()}. Keyed by (chunk, idFrom).
 */
public record ExceptionEntry(long chunk, long idFrom, long idTo, long storeChunk, int flags) {

    public ExceptionEntry {
        if (chunk < 0 || chunk > FormatConstants.MAX_CHUNK_NUMBER) {
            throw new IllegalArgumentException("chunk " + chunk + " out of range");
        }
        if (Long.compareUnsigned(idFrom, idTo) > 0) {
            throw new IllegalArgumentException("empty id range " + Long.toHexString(idFrom) + ".." + Long.toHexString(idTo));
        }
        if (storeChunk < 0 || storeChunk > FormatConstants.STORE_CHUNK_MASK) {
            throw new IllegalArgumentException("store chunk " + storeChunk + " out of range");
        }
    }

    public static ExceptionEntry mapped(long chunk, long idFrom, long idTo, long storeChunk) {
        return new ExceptionEntry(chunk, idFrom, idTo, storeChunk, 0);
    }

    public static ExceptionEntry unmapped(long chunk, long idFrom, long idTo) {
        return new ExceptionEntry(chunk, idFrom, idTo, 0, FormatConstants.ENTRY_FLAG_UNMAPPED);
    }

    public boolean unmapped() {
        return (flags & FormatConstants.ENTRY_FLAG_UNMAPPED) != 0;
    }

    public boolean covers(long id) {
        return Long.compareUnsigned(idFrom, id) <= 0 && Long.compareUnsigned(id, idTo) <= 0;
    }

    public ExceptionEntry withRange(long from, long to) {
        return new ExceptionEntry(chunk, from, to, storeChunk, flags);
    }

    /** The packed store word of FORMAT.md: flags in the top 2 of 40 bits, the store chunk below. */
    long storeWord() {
        return ((long) flags << FormatConstants.STORE_CHUNK_BITS) | storeChunk;
    }

    static ExceptionEntry fromWords(long chunk, long from, long to, long word) {
        return new ExceptionEntry(chunk, from, to, word & FormatConstants.STORE_CHUNK_MASK,
                (int) (word >>> FormatConstants.STORE_CHUNK_BITS));
    }

    @Override
    public String toString() {
        return "chunk " + chunk + " ids " + Long.toHexString(idFrom) + ".." + Long.toHexString(idTo)
                + (unmapped() ? " unmapped" : " -> store " + storeChunk);
    }
}
