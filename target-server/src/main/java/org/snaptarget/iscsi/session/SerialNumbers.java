package org.snaptarget.iscsi.session;

/**
 * Serial number arithmetic for 32-bit iSCSI sequence numbers (RFC 7143 §4.2.2.1, which refers to
 * RFC 1982 with SERIAL_BITS = 32): CmdSN, StatSN, DataSN and R2TSN wrap around, so "less than" is
 * decided by the sign of the 32-bit difference.
 */
public final class SerialNumbers {
    private SerialNumbers() {
    }

    /** True when {@code a} comes strictly before {@code b}. */
    public static boolean lessThan(int a, int b) {
        return a != b && (a - b) < 0;
    }

    /** True when {@code a} comes strictly after {@code b}. */
    public static boolean greaterThan(int a, int b) {
        return lessThan(b, a);
    }

    /** True when {@code low <= x <= high} in serial order. */
    public static boolean inRange(int x, int low, int high) {
        return !lessThan(x, low) && !greaterThan(x, high);
    }
}
