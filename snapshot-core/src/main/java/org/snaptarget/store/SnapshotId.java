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
