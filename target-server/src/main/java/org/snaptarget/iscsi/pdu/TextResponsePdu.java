package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/** Text Response (RFC 7143 §11.11); TTT FFFFFFFF on the final response, else a continuation tag. */
public record TextResponsePdu(boolean finalFlag, boolean continueFlag, long lun, int initiatorTaskTag,
                              int targetTransferTag, int statSN, int expCmdSN, int maxCmdSN, ByteBuf data)
        implements Pdu {

    @Override
    public int opcode() {
        return Opcode.TEXT_RESPONSE;
    }

    static TextResponsePdu decode(ByteBuf h, int s, ByteBuf data) {
        int f = h.getUnsignedByte(s + 1);
        return new TextResponsePdu((f & 0x80) != 0, (f & 0x40) != 0, h.getLong(s + 8), h.getInt(s + 16),
                h.getInt(s + 20), h.getInt(s + 24), h.getInt(s + 28), h.getInt(s + 32), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        int flags = (finalFlag ? 0x80 : 0) | (continueFlag ? 0x40 : 0);
        Bhs.writeStart(out, false, Opcode.TEXT_RESPONSE, flags, 0, 0, 0, data.readableBytes());
        out.writeLong(lun).writeInt(initiatorTaskTag).writeInt(targetTransferTag).writeInt(statSN).writeInt(expCmdSN)
                .writeInt(maxCmdSN);
        Bhs.zeros(out, 12);
    }
}
