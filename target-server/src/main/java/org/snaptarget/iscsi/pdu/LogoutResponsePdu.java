package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/** Logout Response (RFC 7143 §11.15); {@code response} 0 closed successfully, 1 CID not found, 2 recovery not supported, 3 cleanup failed. */
public record LogoutResponsePdu(int response, int initiatorTaskTag, int statSN, int expCmdSN, int maxCmdSN,
                                int time2Wait, int time2Retain, ByteBuf data) implements Pdu {

    @Override
    public int opcode() {
        return Opcode.LOGOUT_RESPONSE;
    }

    static LogoutResponsePdu decode(ByteBuf h, int s, ByteBuf data) {
        return new LogoutResponsePdu(h.getUnsignedByte(s + 2), h.getInt(s + 16), h.getInt(s + 24), h.getInt(s + 28),
                h.getInt(s + 32), h.getUnsignedShort(s + 40), h.getUnsignedShort(s + 42), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        Bhs.writeStart(out, false, Opcode.LOGOUT_RESPONSE, Bhs.FINAL_BIT, response, 0, 0, data.readableBytes());
        Bhs.zeros(out, 8);
        out.writeInt(initiatorTaskTag).writeInt(0).writeInt(statSN).writeInt(expCmdSN).writeInt(maxCmdSN).writeInt(0);
        out.writeShort(time2Wait).writeShort(time2Retain).writeInt(0);
    }
}
