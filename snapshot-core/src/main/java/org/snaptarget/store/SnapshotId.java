package org.snaptarget.store;

import org.snaptarget.store.format.IdScheme;

/**
 * A device's position in the snapshot-id order (FORMAT.md, "Snapshot ids"): a path of digits
 * packed into one unsigned 64-bit key (see {@link IdScheme}), compared as an unsigned number,
 * which compares the digit paths lexicographically.
 *
 * @param bits the packed id; all ones is the origin
 */
public record SnapshotId(long bits) implements Comparable<SnapshotId> {

    public static final SnapshotId ORIGIN = new SnapshotId(IdScheme.ORIGIN);

    /**
     * Source compatibility with the first draft's 128-bit (hi, lo) form: ids fit in 64 bits, so
     * {@code hi} must be 0 and {@code lo} is the packed id.
     */
    public SnapshotId(long hi, long lo) {
        this(lo);
        if (hi != 0) {
            throw new IllegalArgumentException("snapshot ids are 64 bits; high word must be 0, was " + hi);
        }
    }

    @Override
    public int compareTo(SnapshotId o) {
        return Long.compareUnsigned(bits, o.bits);
    }

    /** Depth below the origin: 0 for the origin, 1 for a snapshot of the origin, and so on. */
    public int depth() {
        return IdScheme.depth(bits);
    }

    /** The digit path, e.g. {@code 3.0} for the first snapshot of the fourth snapshot of the origin. */
    @Override
    public String toString() {
        return IdScheme.format(bits);
    }
}
