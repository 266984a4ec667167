package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/** Ready To Transfer (RFC 7143 §11.8): asks for {@code desiredDataTransferLength} bytes at {@code bufferOffset}. */
public record R2tPdu(long lun, int initiatorTaskTag, int targetTransferTag, int statSN, int expCmdSN, int maxCmdSN,
                     int r2tSN, int bufferOffset, int desiredDataTransferLength, ByteBuf data) implements Pdu {

    @Override
    public int opcode() {
        return Opcode.R2T;
    }

    static R2tPdu decode(ByteBuf h, int s, ByteBuf data) {
        return new R2tPdu(h.getLong(s + 8), h.getInt(s + 16), h.getInt(s + 20), h.getInt(s + 24), h.getInt(s + 28),
                h.getInt(s + 32), h.getInt(s + 36), h.getInt(s + 40), h.getInt(s + 44), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        Bhs.writeStart(out, false, Opcode.R2T, Bhs.FINAL_BIT, 0, 0, 0, data.readableBytes());
        out.writeLong(lun).writeInt(initiatorTaskTag).writeInt(targetTransferTag).writeInt(statSN).writeInt(expCmdSN)
                .writeInt(maxCmdSN).writeInt(r2tSN).writeInt(bufferOffset).writeInt(desiredDataTransferLength);
    }
}
