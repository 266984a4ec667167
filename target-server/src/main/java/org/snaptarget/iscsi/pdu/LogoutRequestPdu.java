package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/** Logout Request (RFC 7143 §11.14); {@code reason} 0 close session, 1 close connection, 2 remove connection for recovery. */
public record LogoutRequestPdu(boolean immediate, int reason, int initiatorTaskTag, int cid, int cmdSN,
                               int expStatSN, ByteBuf data) implements Pdu {

    public static final int CLOSE_SESSION = 0;
    public static final int CLOSE_CONNECTION = 1;
    public static final int REMOVE_FOR_RECOVERY = 2;

    @Override
    public int opcode() {
        return Opcode.LOGOUT_REQUEST;
    }

    static LogoutRequestPdu decode(ByteBuf h, int s, ByteBuf data) {
        return new LogoutRequestPdu((h.getByte(s) & Bhs.IMMEDIATE_BIT) != 0, h.getUnsignedByte(s + 1) & 0x7f,
                h.getInt(s + 16), h.getUnsignedShort(s + 20), h.getInt(s + 24), h.getInt(s + 28), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        Bhs.writeStart(out, immediate, Opcode.LOGOUT_REQUEST, 0x80 | (reason & 0x7f), 0, 0, 0, data.readableBytes());
        Bhs.zeros(out, 8);
        out.writeInt(initiatorTaskTag).writeShort(cid).writeShort(0).writeInt(cmdSN).writeInt(expStatSN);
        Bhs.zeros(out, 16);
    }
}
