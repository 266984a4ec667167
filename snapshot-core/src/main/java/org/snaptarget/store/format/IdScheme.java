package org.snaptarget.store.format;

/**
 * The snapshot-id scheme (FORMAT.md, "Snapshot ids"). An id is a sequence of four digits packed
 * into one unsigned 64-bit value, most significant first, of 24, 16, 12 and 12 bits; comparing
 * ids as unsigned longs compares the digit sequences lexicographically. A digit with all bits set
 * means "this device itself" and ends the path: the origin is all ones; the k-th snapshot (from
 * 0) of a device whose path has p digits is that path plus digit k, followed by all-ones digits.
 *
 * <p>Consequences, which the store relies on: a device's descendants sort immediately before it,
 * in the interval [{@link #subtreeStart}, id]; children of one parent sort in creation order, the
 * newest closest to the parent; the ids a device's <em>future</em> children will get form the
 * interval [{@link #futureStart}, id], which no other device's existing or future ids enter.
 *
 * <p>Limits: 4 levels of snapshots below the origin (a snapshot at depth 4 takes no
 * snapshots); at most 2^24-1, 2^16-1, 2^12-1, 2^12-1 children ever created per parent at depth
 * 0, 1, 2, 3. Ids are never reused: each device keeps a next-child counter.
 */
public final class IdScheme {

    public static final long ORIGIN = -1L;
    public static final int MAX_DEPTH = 4;
    private static final int[] BITS = {FormatConstants.ID_DIGIT1_BITS, FormatConstants.ID_DIGIT2_BITS,
            FormatConstants.ID_DIGIT3_BITS, FormatConstants.ID_DIGIT4_BITS};
    private static final int[] SHIFT = new int[MAX_DEPTH];
    private static final long[] DIGIT_MASK = new long[MAX_DEPTH];

    static {
        int shift = 64;
        for (int i = 0; i < MAX_DEPTH; i++) {
            shift -= BITS[i];
            SHIFT[i] = shift;
            DIGIT_MASK[i] = (1L << BITS[i]) - 1;
        }
        if (shift != 0) {
            throw new ExceptionInInitializerError("id digits must fill 64 bits");
        }
    }

    private IdScheme() {
    }

    /** Number of digits of the device's path: 0 for the origin, 1 for a snapshot of the origin... */
    public static int depth(long id) {
        for (int i = 0; i < MAX_DEPTH; i++) {
            if (digit(id, i) == DIGIT_MASK[i]) {
                return i;
            }
        }
        return MAX_DEPTH;
    }

    public static long digit(long id, int level) {
        return (id >>> SHIFT[level]) & DIGIT_MASK[level];
    }

    /** Children a device at this depth can ever have (the all-ones digit is reserved). */
    public static long maxChildren(int depth) {
        return depth >= MAX_DEPTH ? 0 : DIGIT_MASK[depth];
    }

    /** The id of child number {@code k} of {@code parent}; the caller checks {@link #maxChildren}. */
    public static long child(long parent, long k) {
        int p = depth(parent);
        if (p >= MAX_DEPTH || k < 0 || k >= DIGIT_MASK[p]) {
            throw new IllegalArgumentException("no child " + k + " of " + format(parent));
        }
        return (parent & ~(DIGIT_MASK[p] << SHIFT[p])) | (k << SHIFT[p]);
    }

    /** Bits of the digits from {@code depth} on. */
    private static long lowMask(int depth) {
        return depth >= MAX_DEPTH ? 0 : -1L >>> (64 - SHIFT[depth] - BITS[depth]);
    }

    /** The smallest id in the subtree of {@code id} (its descendants and itself). */
    public static long subtreeStart(long id) {
        return id & ~lowMask(depth(id));
    }

    /**
     * The smallest id a future child of {@code id} can get, given its next child number; the
     * interval [futureStart, id] holds the device and all its future descendants.
     */
    public static long futureStart(long id, long nextChild) {
        int p = depth(id);
        if (p >= MAX_DEPTH) {
            return id;
        }
        return (id & ~lowMask(p)) | (Math.min(nextChild, DIGIT_MASK[p]) << SHIFT[p]);
    }

    /** The parent's id (the origin for a snapshot of the origin). */
    public static long parent(long id) {
        int p = depth(id);
        if (p == 0) {
            throw new IllegalArgumentException("the origin has no parent");
        }
        return id | (DIGIT_MASK[p - 1] << SHIFT[p - 1]) | lowMask(p);
    }

    /** Digits of the path joined by dots ("3.0"), or "origin". */
    public static String format(long id) {
        int p = depth(id);
        if (p == 0) {
            return "origin";
        }
        var sb = new StringBuilder();
        for (int i = 0; i < p; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(digit(id, i));
        }
        return sb.toString();
    }
}
