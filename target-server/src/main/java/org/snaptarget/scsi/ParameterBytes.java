package org.snaptarget.scsi;

/**
 * Big-endian field access in SCSI parameter data and CDB-shaped byte arrays (SPC-4 §3.5.2: multi-byte
 * fields are transmitted most significant byte first). One place for what every handler that
 * builds parameter data needs.
 */
public final class ParameterBytes {

    private ParameterBytes() {
    }

    /** Writes the low 16 bits of {@code v} at {@code at}. */
    public static void putU16(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    /** Writes the low 32 bits of {@code v} at {@code at}. */
    public static void putU32(byte[] b, int at, long v) {
        putU16(b, at, v >>> 16);
        putU16(b, at + 2, v);
    }

    /** Writes {@code v} at {@code at}. */
    public static void putU64(byte[] b, int at, long v) {
        putU32(b, at, v >>> 32);
        putU32(b, at + 4, v);
    }

    /** Reads an unsigned 32-bit field at {@code at}. */
    public static long getU32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }
}
