package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/** Task Management Function Response (RFC 7143 §11.6); {@code response} per §11.6.1. */
public record TaskManagementResponsePdu(int response, int initiatorTaskTag, int statSN, int expCmdSN,
                                        int maxCmdSN, ByteBuf data) implements Pdu {

    @Override
    public int opcode() {
        return Opcode.TASK_MANAGEMENT_RESPONSE;
    }

    static TaskManagementResponsePdu decode(ByteBuf h, int s, ByteBuf data) {
        return new TaskManagementResponsePdu(h.getUnsignedByte(s + 2), h.getInt(s + 16), h.getInt(s + 24),
                h.getInt(s + 28), h.getInt(s + 32), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        Bhs.writeStart(out, false, Opcode.TASK_MANAGEMENT_RESPONSE, Bhs.FINAL_BIT, response, 0, 0,
                data.readableBytes());
        Bhs.zeros(out, 8);
        out.writeInt(initiatorTaskTag).writeInt(0).writeInt(statSN).writeInt(expCmdSN).writeInt(maxCmdSN);
        Bhs.zeros(out, 12);
    }
}
