package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/**
 * NOP-In (RFC 7143 §11.19): the answer to a NOP-Out ping (ITT copied, TTT FFFFFFFF, ping data
 * echoed) or a target-initiated ping (ITT FFFFFFFF, TTT valid) that the initiator must answer.
 */
public record NopInPdu(long lun, int initiatorTaskTag, int targetTransferTag, int statSN, int expCmdSN,
                       int maxCmdSN, ByteBuf data) implements Pdu {

    @Override
    public int opcode() {
        return Opcode.NOP_IN;
    }

    static NopInPdu decode(ByteBuf h, int s, ByteBuf data) {
        return new NopInPdu(h.getLong(s + 8), h.getInt(s + 16), h.getInt(s + 20), h.getInt(s + 24),
                h.getInt(s + 28), h.getInt(s + 32), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        Bhs.writeStart(out, false, Opcode.NOP_IN, Bhs.FINAL_BIT, 0, 0, 0, data.readableBytes());
        out.writeLong(lun).writeInt(initiatorTaskTag).writeInt(targetTransferTag).writeInt(statSN)
                .writeInt(expCmdSN).writeInt(maxCmdSN);
        Bhs.zeros(out, 12);
    }
}
