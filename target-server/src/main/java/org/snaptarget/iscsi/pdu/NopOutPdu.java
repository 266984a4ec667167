package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/**
 * NOP-Out (RFC 7143 §11.18): an initiator ping (ITT valid, TTT FFFFFFFF) or the answer to a
 * target's NOP-In (ITT FFFFFFFF, TTT copied from the NOP-In). {@code data} is ping data to echo.
 */
public record NopOutPdu(boolean immediate, long lun, int initiatorTaskTag, int targetTransferTag, int cmdSN,
                        int expStatSN, ByteBuf data) implements Pdu {

    @Override
    public int opcode() {
        return Opcode.NOP_OUT;
    }

    static NopOutPdu decode(ByteBuf h, int s, ByteBuf data) {
        return new NopOutPdu((h.getByte(s) & Bhs.IMMEDIATE_BIT) != 0, h.getLong(s + 8), h.getInt(s + 16),
                h.getInt(s + 20), h.getInt(s + 24), h.getInt(s + 28), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        Bhs.writeStart(out, immediate, Opcode.NOP_OUT, Bhs.FINAL_BIT, 0, 0, 0, data.readableBytes());
        out.writeLong(lun).writeInt(initiatorTaskTag).writeInt(targetTransferTag).writeInt(cmdSN).writeInt(expStatSN);
        Bhs.zeros(out, 16);
    }
}
