package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/** Task Management Function Request (RFC 7143 §11.5); {@code function} is the 7-bit code of §11.5.1. */
public record TaskManagementRequestPdu(boolean immediate, int function, long lun, int initiatorTaskTag,
                                       int referencedTaskTag, int cmdSN, int expStatSN, int refCmdSN,
                                       int expDataSN, ByteBuf data) implements Pdu {

    @Override
    public int opcode() {
        return Opcode.TASK_MANAGEMENT_REQUEST;
    }

    static TaskManagementRequestPdu decode(ByteBuf h, int s, ByteBuf data) {
        return new TaskManagementRequestPdu((h.getByte(s) & Bhs.IMMEDIATE_BIT) != 0, h.getUnsignedByte(s + 1) & 0x7f,
                h.getLong(s + 8), h.getInt(s + 16), h.getInt(s + 20), h.getInt(s + 24), h.getInt(s + 28),
                h.getInt(s + 32), h.getInt(s + 36), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        Bhs.writeStart(out, immediate, Opcode.TASK_MANAGEMENT_REQUEST, Bhs.FINAL_BIT | (function & 0x7f), 0, 0, 0,
                data.readableBytes());
        out.writeLong(lun).writeInt(initiatorTaskTag).writeInt(referencedTaskTag).writeInt(cmdSN).writeInt(expStatSN)
                .writeInt(refCmdSN).writeInt(expDataSN);
        Bhs.zeros(out, 8);
    }
}
