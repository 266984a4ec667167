package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/**
 * SCSI Data-In (RFC 7143 §11.7). With the S bit the PDU also carries the command's status (then F
 * is set too, StatSN is valid and O/U/residual apply, §11.7.4-5); without it StatSN is reserved.
 * The A bit (acknowledge request) is only for ERL &gt; 0 and is never set by this target.
 */
public record DataInPdu(boolean finalFlag, boolean acknowledge, boolean overflow, boolean underflow,
                        boolean statusPresent, int status, long lun, int initiatorTaskTag, int targetTransferTag,
                        int statSN, int expCmdSN, int maxCmdSN, int dataSN, int bufferOffset, int residualCount,
                        ByteBuf data) implements Pdu {

    @Override
    public int opcode() {
        return Opcode.DATA_IN;
    }

    static DataInPdu decode(ByteBuf h, int s, ByteBuf data) {
        int f = h.getUnsignedByte(s + 1);
        return new DataInPdu((f & 0x80) != 0, (f & 0x40) != 0, (f & 0x04) != 0, (f & 0x02) != 0, (f & 0x01) != 0,
                h.getUnsignedByte(s + 3), h.getLong(s + 8), h.getInt(s + 16), h.getInt(s + 20), h.getInt(s + 24),
                h.getInt(s + 28), h.getInt(s + 32), h.getInt(s + 36), h.getInt(s + 40), h.getInt(s + 44), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        int flags = (finalFlag ? 0x80 : 0) | (acknowledge ? 0x40 : 0) | (overflow ? 0x04 : 0) | (underflow ? 0x02 : 0)
                | (statusPresent ? 0x01 : 0);
        Bhs.writeStart(out, false, Opcode.DATA_IN, flags, 0, statusPresent ? status : 0, 0, data.readableBytes());
        out.writeLong(lun).writeInt(initiatorTaskTag).writeInt(targetTransferTag).writeInt(statSN).writeInt(expCmdSN)
                .writeInt(maxCmdSN).writeInt(dataSN).writeInt(bufferOffset).writeInt(residualCount);
    }
}
