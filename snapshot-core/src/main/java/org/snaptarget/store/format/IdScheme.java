package org.snaptarget.store.format;

/**
 * The snapshot-id scheme (FORMAT.md, "Snapshot ids"). An id is a path of digits from the origin
 * (the k-th snapshot ever taken of a device, counting from 0, adds digit k to its path), packed
 * into one unsigned 64-bit value, most significant bit first, with an order-preserving
 * prefix-free code per digit; the bits after the path are all ones, which means "the device
 * itself" and sorts after every child digit. So comparing ids as unsigned longs compares the
 * paths lexicographically with "self" last: the origin (empty path, all ones) sorts after every
 * snapshot; a device's descendants sort immediately before it, in [{@link #subtreeStart}, id];
 * children of one parent sort in creation order, the newest closest to the parent; and the ids
 * of a device's <em>future</em> children form [{@link #futureStart}, id], which no other
 * device's existing or future ids enter.
 *
 * <p>The digit code: digit k of class c (0..5) is c one-bits, a zero bit, then k minus the
 * class base in {@link #PAYLOAD_BITS}[c] bits. Class 0 holds 0..3 in 3 bits, class 1 4..19 in
 * 6, class 2 20..275 in 11, class 3 276..65811 in 20, class 4 up to 16,843,027 in 29, class 5
 * up to 2^32 more in 38 bits. Codes of a higher class start with more ones, so they sort after
 * every code of a lower class.
 *
 * <p>Limits: a snapshot can be taken when its path still fits in 64 bits. The 100,000th
 * snapshot of the origin uses 29 bits, leaving room for 11 further levels of first snapshots
 * (3 bits each), or 5 levels of snapshots numbered up to 19. Ids are never reused: every device
 * keeps a next-child counter.
 */
public final class IdScheme {

    public static final long ORIGIN = -1L;
    /** Payload bits of each digit class. */
    static final int[] PAYLOAD_BITS = {2, 4, 8, 16, 24, 32};
    private static final long[] BASE = new long[PAYLOAD_BITS.length + 1];

    static {
        for (int c = 0; c < PAYLOAD_BITS.length; c++) {
            BASE[c + 1] = BASE[c] + (1L << PAYLOAD_BITS[c]);
        }
    }

    private IdScheme() {
    }

    /** Bits of the code of digit {@code k}. */
    public static int codeLength(long k) {
        int c = classOf(k);
        return c + 1 + PAYLOAD_BITS[c];
    }

    private static int classOf(long k) {
        if (k < 0) {
            throw new IllegalArgumentException("digit " + k);
        }
        for (int c = 0; c < PAYLOAD_BITS.length; c++) {
            if (k < BASE[c + 1]) {
                return c;
            }
        }
        throw new IllegalArgumentException("digit " + k + " exceeds the largest code");
    }

    private static long code(long k) {
        int c = classOf(k);
        long prefix = ((1L << c) - 1) << 1;
        return (prefix << PAYLOAD_BITS[c]) | (k - BASE[c]);
    }

    private static long highMask(int bits) {
        return bits == 0 ? 0 : -1L << (64 - bits);
    }

    private static long lowOnes(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    /**
     * Decodes the path: returns the digits; {@code ends[i]} receives the bit position after
     * digit i when {@code ends} is long enough.
     *
     * @throws IllegalArgumentException when the bits are not a valid id
     */
    public static long[] digits(long id) {
        long[] out = new long[22];
        int n = 0;
        int pos = 0;
        while (pos < 64) {
            long rest = id << pos;
            if ((id | highMask(pos)) == -1L) {
                break;
            }
            int c = Long.numberOfLeadingZeros(~rest);
            if (c >= PAYLOAD_BITS.length || pos + c + 1 + PAYLOAD_BITS[c] > 64) {
                throw new IllegalArgumentException("not a snapshot id: " + Long.toHexString(id));
            }
            long payload = (rest << (c + 1)) >>> (64 - PAYLOAD_BITS[c]);
            out[n++] = BASE[c] + payload;
            pos += c + 1 + PAYLOAD_BITS[c];
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Bits used by the path of {@code id}. */
    public static int pathBits(long id) {
        int bits = 0;
        for (long d : digits(id)) {
            bits += codeLength(d);
        }
        return bits;
    }

    /** Number of digits of the path: 0 for the origin, 1 for a snapshot of the origin, and so on. */
    public static int depth(long id) {
        return digits(id).length;
    }

    /** Whether {@code parent} can have a child with number {@code k}. */
    public static boolean canHaveChild(long parent, long k) {
        return k >= 0 && k < BASE[PAYLOAD_BITS.length] && pathBits(parent) + codeLength(k) <= 64;
    }

    /** The id of child number {@code k} of {@code parent}. */
    public static long child(long parent, long k) {
        if (!canHaveChild(parent, k)) {
            throw new IllegalArgumentException("no room for child " + k + " of " + format(parent));
        }
        int pos = pathBits(parent);
        int len = codeLength(k);
        int rest = 64 - pos - len;
        return (parent & highMask(pos)) | (rest == 64 ? 0 : code(k) << rest) | lowOnes(rest);
    }

    /** The smallest id in the subtree of {@code id} (its descendants and itself). */
    public static long subtreeStart(long id) {
        return id & highMask(pathBits(id));
    }

    /**
     * The smallest id a future child of {@code id} can get, given its next child number; the
     * interval [futureStart, id] holds the device and all its future descendants. When no
     * further child fits, that interval is just the device.
     */
    public static long futureStart(long id, long nextChild) {
        if (!canHaveChild(id, nextChild)) {
            return id;
        }
        int pos = pathBits(id);
        int rest = 64 - pos - codeLength(nextChild);
        return (id & highMask(pos)) | code(nextChild) << rest;
    }

    /** The parent's id (the origin for a snapshot of the origin). */
    public static long parent(long id) {
        long[] d = digits(id);
        if (d.length == 0) {
            throw new IllegalArgumentException("the origin has no parent");
        }
        int pos = 0;
        for (int i = 0; i < d.length - 1; i++) {
            pos += codeLength(d[i]);
        }
        return (id & highMask(pos)) | lowOnes(64 - pos);
    }

    /** Digits of the path joined by dots ("3.0"), or "origin". */
    public static String format(long id) {
        long[] d;
        try {
            d = digits(id);
        } catch (IllegalArgumentException e) {
            return "#" + Long.toHexString(id);
        }
        if (d.length == 0) {
            return "origin";
        }
        var sb = new StringBuilder();
        for (int i = 0; i < d.length; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(d[i]);
        }
        return sb.toString();
    }
}
