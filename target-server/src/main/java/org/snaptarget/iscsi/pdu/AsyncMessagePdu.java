package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/** Asynchronous Message (RFC 7143 §11.9); event codes per §11.9.1, ITT always FFFFFFFF. */
public record AsyncMessagePdu(long lun, int statSN, int expCmdSN, int maxCmdSN, int asyncEvent, int asyncVCode,
                              int parameter1, int parameter2, int parameter3, ByteBuf data) implements Pdu {

    /** Event 1: the target requests a logout (§11.9.1). */
    public static final int EVENT_LOGOUT_REQUEST = 1;

    @Override
    public int opcode() {
        return Opcode.ASYNC_MESSAGE;
    }

    @Override
    public int initiatorTaskTag() {
        return Bhs.RESERVED_TAG;
    }

    static AsyncMessagePdu decode(ByteBuf h, int s, ByteBuf data) {
        return new AsyncMessagePdu(h.getLong(s + 8), h.getInt(s + 24), h.getInt(s + 28), h.getInt(s + 32),
                h.getUnsignedByte(s + 36), h.getUnsignedByte(s + 37), h.getUnsignedShort(s + 38),
                h.getUnsignedShort(s + 40), h.getUnsignedShort(s + 42), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        Bhs.writeStart(out, false, Opcode.ASYNC_MESSAGE, Bhs.FINAL_BIT, 0, 0, 0, data.readableBytes());
        out.writeLong(lun).writeInt(Bhs.RESERVED_TAG).writeInt(0).writeInt(statSN).writeInt(expCmdSN).writeInt(maxCmdSN);
        out.writeByte(asyncEvent).writeByte(asyncVCode).writeShort(parameter1).writeShort(parameter2)
                .writeShort(parameter3).writeInt(0);
    }
}
