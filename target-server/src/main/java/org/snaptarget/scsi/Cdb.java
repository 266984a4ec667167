package org.snaptarget.scsi;

/**
 * Read access to the fields of a command descriptor block: big-endian integers of 1 to 8 bytes
 * and single bits (SPC-4 §4.2). Reads past the end of the CDB array yield zero, so a handler may
 * decode a 16-byte layout from a transport that sent fewer bytes without bounds checks of its own;
 * {@link CommandTable} has already refused CDBs shorter than the command's length.
 */
public final class Cdb {

    private final byte[] bytes;

    public Cdb(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @return the operation code (byte 0) */
    public int opcode() {
        return u8(0);
    }

    /** @return the service action field (byte 1, bits 4..0) */
    public int serviceAction() {
        return u8(1) & 0x1F;
    }

    /** @return the number of bytes received */
    public int length() {
        return bytes.length;
    }

    public int u8(int index) {
        return index < bytes.length ? bytes[index] & 0xFF : 0;
    }

    public boolean bit(int index, int bit) {
        return (u8(index) & (1 << bit)) != 0;
    }

    public int u16(int index) {
        return (u8(index) << 8) | u8(index + 1);
    }

    public int u24(int index) {
        return (u8(index) << 16) | u16(index + 1);
    }

    /** @return the unsigned 32-bit field as a long */
    public long u32(int index) {
        return ((long) u16(index) << 16) | u16(index + 2);
    }

    /** @return the 64-bit field (callers treat it as unsigned) */
    public long u64(int index) {
        return (u32(index) << 32) | u32(index + 4);
    }

    /** @return a copy of the CDB bytes */
    public byte[] toArray() {
        return bytes.clone();
    }
}
