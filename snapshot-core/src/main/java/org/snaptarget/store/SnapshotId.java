package org.snaptarget.store;

/**
 * A device's position in the snapshot-id order (FORMAT.md, "Snapshot ids"): a sequence of
 * 32-bit digits compared lexicographically as unsigned values, packed into a fixed-width key.
 * Its exact packing is defined by the store engine; this value is opaque to callers except for
 * ordering and display.
 *
 * @param hi high 64 bits of the packed key
 * @param lo low 64 bits of the packed key
 */
public record SnapshotId(long hi, long lo) implements Comparable<SnapshotId> {

    @Override
    public int compareTo(SnapshotId o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public String toString() {
        return String.format("%016x%016x", hi, lo);
    }
}
