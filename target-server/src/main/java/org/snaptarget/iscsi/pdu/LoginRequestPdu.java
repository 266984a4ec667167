package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/**
 * Login Request (RFC 7143 §11.12). The I bit is always set on the wire. {@code isid} holds the
 * 6-byte ISID in its low 48 bits; {@code data} is the key=value text (NUL separated).
 */
public record LoginRequestPdu(boolean transit, boolean continueFlag, int csg, int nsg, int versionMax,
                              int versionMin, long isid, int tsih, int initiatorTaskTag, int cid, int cmdSN,
                              int expStatSN, ByteBuf data) implements Pdu {

    @Override
    public int opcode() {
        return Opcode.LOGIN_REQUEST;
    }

    static LoginRequestPdu decode(ByteBuf h, int s, ByteBuf data) {
        int f = h.getUnsignedByte(s + 1);
        return new LoginRequestPdu((f & 0x80) != 0, (f & 0x40) != 0, (f >> 2) & 3, f & 3, h.getUnsignedByte(s + 2),
                h.getUnsignedByte(s + 3), (h.getLong(s + 8) >>> 16), h.getUnsignedShort(s + 14), h.getInt(s + 16),
                h.getUnsignedShort(s + 20), h.getInt(s + 24), h.getInt(s + 28), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        int flags = (transit ? 0x80 : 0) | (continueFlag ? 0x40 : 0) | ((csg & 3) << 2) | (nsg & 3);
        Bhs.writeStart(out, true, Opcode.LOGIN_REQUEST, flags, versionMax, versionMin, 0, data.readableBytes());
        out.writeShort((int) (isid >>> 32)).writeInt((int) isid).writeShort(tsih);
        out.writeInt(initiatorTaskTag).writeShort(cid).writeShort(0).writeInt(cmdSN).writeInt(expStatSN);
        Bhs.zeros(out, 16);
    }
}
