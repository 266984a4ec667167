package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/**
 * SCSI Data-Out (RFC 7143 §11.7): write data for the task {@code initiatorTaskTag}; TTT is
 * FFFFFFFF for unsolicited data, else the R2T's tag. The LUN field is not trusted (some initiators
 * put a wrong one there).
 */
public record DataOutPdu(boolean finalFlag, long lun, int initiatorTaskTag, int targetTransferTag, int expStatSN,
                         int dataSN, int bufferOffset, ByteBuf data) implements Pdu {

    @Override
    public int opcode() {
        return Opcode.DATA_OUT;
    }

    static DataOutPdu decode(ByteBuf h, int s, ByteBuf data) {
        return new DataOutPdu((h.getByte(s + 1) & 0x80) != 0, h.getLong(s + 8), h.getInt(s + 16), h.getInt(s + 20),
                h.getInt(s + 28), h.getInt(s + 36), h.getInt(s + 40), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        Bhs.writeStart(out, false, Opcode.DATA_OUT, finalFlag ? 0x80 : 0, 0, 0, 0, data.readableBytes());
        out.writeLong(lun).writeInt(initiatorTaskTag).writeInt(targetTransferTag).writeInt(0).writeInt(expStatSN);
        out.writeInt(0).writeInt(dataSN).writeInt(bufferOffset).writeInt(0);
    }
}
