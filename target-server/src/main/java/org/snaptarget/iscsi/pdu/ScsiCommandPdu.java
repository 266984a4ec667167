package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * SCSI Command (RFC 7143 §11.3). {@code data} is immediate data (at most FirstBurstLength and
 * MaxRecvDataSegmentLength). {@code cdb} holds the 16 BHS CDB bytes plus any Extended CDB AHS
 * (§11.3.5, type 1) bytes; {@code bidirectionalReadLength} comes from the Bidirectional Read
 * Expected Data Transfer Length AHS (type 2) or is -1 when absent.
 */
public record ScsiCommandPdu(boolean immediate, boolean finalFlag, boolean read, boolean write, int attribute,
                             long lun, int initiatorTaskTag, int expectedDataTransferLength, int cmdSN,
                             int expStatSN, byte[] cdb, int bidirectionalReadLength, ByteBuf data) implements Pdu {

    /** AHS type codes (RFC 7143 §11.2.2.1). */
    public static final int AHS_EXTENDED_CDB = 1;
    public static final int AHS_BIDI_READ_LENGTH = 2;

    public static final int READ_BIT = 0x40;
    public static final int WRITE_BIT = 0x20;

    @Override
    public int opcode() {
        return Opcode.SCSI_COMMAND;
    }

    /** Value equality, comparing the CDB by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ScsiCommandPdu p && immediate == p.immediate && finalFlag == p.finalFlag
                && read == p.read && write == p.write && attribute == p.attribute && lun == p.lun
                && initiatorTaskTag == p.initiatorTaskTag && expectedDataTransferLength == p.expectedDataTransferLength
                && cmdSN == p.cmdSN && expStatSN == p.expStatSN && Arrays.equals(cdb, p.cdb)
                && bidirectionalReadLength == p.bidirectionalReadLength && data.equals(p.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(initiatorTaskTag, cmdSN, lun, Arrays.hashCode(cdb));
    }

    @Override
    public String toString() {
        return "ScsiCommandPdu[itt=" + Integer.toHexString(initiatorTaskTag) + ", cmdSN=" + Integer.toUnsignedString(cmdSN)
                + ", lun=" + lun + ", cdb=" + HexFormat.of().formatHex(cdb) + ", edtl=" + expectedDataTransferLength
                + ", R=" + read + ", W=" + write + ", F=" + finalFlag + ", I=" + immediate + ", attr=" + attribute
                + ", bidi=" + bidirectionalReadLength + ", data=" + data.readableBytes() + "]";
    }

    /**
     * Decodes the BHS at {@code s} and the {@code ahsLength} AHS bytes after it.
     *
     * @throws MalformedPduException if an AHS is truncated or of an unknown type
     */
    static ScsiCommandPdu decode(ByteBuf h, int s, int ahsLength, ByteBuf data) {
        int flags = h.getUnsignedByte(s + 1);
        byte[] cdb = new byte[16];
        h.getBytes(s + 32, cdb);
        int bidi = -1;
        int p = s + Bhs.LENGTH;
        int end = p + ahsLength;
        while (p < end) {
            if (end - p < 4) {
                throw new MalformedPduException("truncated AHS header");
            }
            int len = h.getUnsignedShort(p);
            int type = h.getUnsignedByte(p + 2);
            int total = Bhs.padded(3 + len);
            if (p + total > end) {
                throw new MalformedPduException("AHS length " + len + " runs past TotalAHSLength");
            }
            if (type == AHS_EXTENDED_CDB) {
                // AHSLength counts the reserved byte plus the CDB bytes beyond the first 16
                int extra = len - 1;
                if (extra <= 0) {
                    throw new MalformedPduException("empty extended CDB AHS");
                }
                byte[] longer = new byte[16 + extra];
                System.arraycopy(cdb, 0, longer, 0, 16);
                h.getBytes(p + 4, longer, 16, extra);
                cdb = longer;
            } else if (type == AHS_BIDI_READ_LENGTH) {
                if (len != 5) {
                    throw new MalformedPduException("bidirectional read length AHS of length " + len);
                }
                bidi = h.getInt(p + 4);
            } else {
                throw new MalformedPduException("unknown AHS type " + type);
            }
            p += total;
        }
        return new ScsiCommandPdu((h.getByte(s) & Bhs.IMMEDIATE_BIT) != 0, (flags & Bhs.FINAL_BIT) != 0,
                (flags & READ_BIT) != 0, (flags & WRITE_BIT) != 0, flags & 7, h.getLong(s + 8), h.getInt(s + 16),
                h.getInt(s + 20), h.getInt(s + 24), h.getInt(s + 28), cdb, bidi, data);
    }

    @Override
    public int ahsLength() {
        int n = 0;
        if (cdb.length > 16) {
            n += 4 + Bhs.padded(cdb.length - 16);
        }
        if (bidirectionalReadLength >= 0) {
            n += 8;
        }
        return n;
    }

    @Override
    public void writeHeader(ByteBuf out) {
        int flags = (finalFlag ? Bhs.FINAL_BIT : 0) | (read ? READ_BIT : 0) | (write ? WRITE_BIT : 0) | (attribute & 7);
        Bhs.writeStart(out, immediate, Opcode.SCSI_COMMAND, flags, 0, 0, ahsLength() / 4, data.readableBytes());
        out.writeLong(lun).writeInt(initiatorTaskTag).writeInt(expectedDataTransferLength).writeInt(cmdSN)
                .writeInt(expStatSN);
        out.writeBytes(cdb, 0, Math.min(16, cdb.length));
        Bhs.zeros(out, 16 - Math.min(16, cdb.length));
        if (cdb.length > 16) {
            int extra = cdb.length - 16;
            out.writeShort(extra + 1).writeByte(AHS_EXTENDED_CDB).writeByte(0);
            out.writeBytes(cdb, 16, extra);
            Bhs.zeros(out, Bhs.padded(extra) - extra);
        }
        if (bidirectionalReadLength >= 0) {
            out.writeShort(5).writeByte(AHS_BIDI_READ_LENGTH).writeByte(0).writeInt(bidirectionalReadLength);
        }
    }
}
