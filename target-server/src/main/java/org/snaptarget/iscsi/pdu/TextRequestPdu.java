package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/** Text Request (RFC 7143 §11.10): key=value text, continued with C=1 across PDUs. */
public record TextRequestPdu(boolean immediate, boolean finalFlag, boolean continueFlag, long lun,
                             int initiatorTaskTag, int targetTransferTag, int cmdSN, int expStatSN, ByteBuf data)
        implements Pdu {

    @Override
    public int opcode() {
        return Opcode.TEXT_REQUEST;
    }

    static TextRequestPdu decode(ByteBuf h, int s, ByteBuf data) {
        int f = h.getUnsignedByte(s + 1);
        return new TextRequestPdu((h.getByte(s) & Bhs.IMMEDIATE_BIT) != 0, (f & 0x80) != 0, (f & 0x40) != 0,
                h.getLong(s + 8), h.getInt(s + 16), h.getInt(s + 20), h.getInt(s + 24), h.getInt(s + 28), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        int flags = (finalFlag ? 0x80 : 0) | (continueFlag ? 0x40 : 0);
        Bhs.writeStart(out, immediate, Opcode.TEXT_REQUEST, flags, 0, 0, 0, data.readableBytes());
        out.writeLong(lun).writeInt(initiatorTaskTag).writeInt(targetTransferTag).writeInt(cmdSN).writeInt(expStatSN);
        Bhs.zeros(out, 16);
    }
}
