package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/**
 * The Basic Header Segment layout shared by every iSCSI PDU (RFC 7143 §11.2.1).
 *
 * <p>Offsets are relative to the first BHS byte. Every multi-byte field is big-endian ("network
 * order", RFC 7143 §11.1). Sequence numbers, tags and counters are unsigned 32-bit values that this
 * package carries in Java {@code int}s; callers compare them with serial-number arithmetic.
 *
 * <pre>
 * byte 0      .|I| opcode (6 bits)
 * byte 1      F and opcode-specific flags
 * bytes 2-3   opcode-specific
 * byte 4      TotalAHSLength in 4-byte words
 * bytes 5-7   DataSegmentLength in bytes (without padding)
 * bytes 8-15  LUN or opcode-specific
 * bytes 16-19 Initiator Task Tag
 * bytes 20-47 opcode-specific
 * </pre>
 */
public final class Bhs {

    /** Size of the Basic Header Segment. */
    public static final int LENGTH = 48;
    public static final int OPCODE = 0;
    public static final int FLAGS = 1;
    public static final int TOTAL_AHS_LENGTH = 4;
    public static final int DATA_SEGMENT_LENGTH = 5;
    public static final int LUN = 8;
    public static final int ITT = 16;
    /** Largest DataSegmentLength the 24-bit field can express. */
    public static final int MAX_DATA_SEGMENT_LENGTH = (1 << 24) - 1;

    public static final int IMMEDIATE_BIT = 0x40;
    public static final int OPCODE_MASK = 0x3f;
    public static final int FINAL_BIT = 0x80;
    /** The reserved tag value (RFC 7143 §11.2.1.8). */
    public static final int RESERVED_TAG = 0xffffffff;

    private Bhs() {
    }

    /** The opcode of the BHS starting at {@code index}. */
    public static int opcode(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index + OPCODE) & OPCODE_MASK;
    }

    /** Rounds a data segment length up to the 4-byte boundary the wire uses (RFC 7143 §11.2.2). */
    public static int padded(int length) {
        return (length + 3) & ~3;
    }

    /**
     * Writes the 8 common bytes (opcode, flags, opcode-specific bytes 2-3, AHS and data lengths) at the
     * writer index of {@code out} and advances it.
     */
    static void writeStart(ByteBuf out, boolean immediate, int opcode, int flags, int byte2, int byte3,
                           int totalAhsWords, int dataSegmentLength) {
        out.writeByte((immediate ? IMMEDIATE_BIT : 0) | opcode);
        out.writeByte(flags);
        out.writeByte(byte2);
        out.writeByte(byte3);
        out.writeByte(totalAhsWords);
        out.writeMedium(dataSegmentLength);
    }

    /** Appends {@code count} zero bytes. */
    static void zeros(ByteBuf out, int count) {
        out.writeZero(count);
    }
}
