package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/** Login Response (RFC 7143 §11.13); status class/detail per §11.13.5. */
public record LoginResponsePdu(boolean transit, boolean continueFlag, int csg, int nsg, int versionMax,
                               int versionActive, long isid, int tsih, int initiatorTaskTag, int statSN,
                               int expCmdSN, int maxCmdSN, int statusClass, int statusDetail, ByteBuf data)
        implements Pdu {

    @Override
    public int opcode() {
        return Opcode.LOGIN_RESPONSE;
    }

    static LoginResponsePdu decode(ByteBuf h, int s, ByteBuf data) {
        int f = h.getUnsignedByte(s + 1);
        return new LoginResponsePdu((f & 0x80) != 0, (f & 0x40) != 0, (f >> 2) & 3, f & 3, h.getUnsignedByte(s + 2),
                h.getUnsignedByte(s + 3), (h.getLong(s + 8) >>> 16), h.getUnsignedShort(s + 14), h.getInt(s + 16),
                h.getInt(s + 24), h.getInt(s + 28), h.getInt(s + 32), h.getUnsignedByte(s + 36),
                h.getUnsignedByte(s + 37), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        int flags = (transit ? 0x80 : 0) | (continueFlag ? 0x40 : 0) | ((csg & 3) << 2) | (nsg & 3);
        Bhs.writeStart(out, false, Opcode.LOGIN_RESPONSE, flags, versionMax, versionActive, 0, data.readableBytes());
        out.writeShort((int) (isid >>> 32)).writeInt((int) isid).writeShort(tsih);
        out.writeInt(initiatorTaskTag).writeInt(0).writeInt(statSN).writeInt(expCmdSN).writeInt(maxCmdSN);
        out.writeByte(statusClass).writeByte(statusDetail);
        Bhs.zeros(out, 10);
    }
}
