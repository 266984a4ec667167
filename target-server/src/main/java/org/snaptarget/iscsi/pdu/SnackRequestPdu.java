package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/**
 * SNACK Request (RFC 7143 §11.16). Decoded so it can be answered: at ErrorRecoveryLevel 0 this
 * target supports no SNACK and rejects it (Reject, reason Protocol Error).
 */
public record SnackRequestPdu(int type, long lun, int initiatorTaskTag, int targetTransferTag, int expStatSN,
                              int begRun, int runLength, ByteBuf data) implements Pdu {

    @Override
    public int opcode() {
        return Opcode.SNACK_REQUEST;
    }

    static SnackRequestPdu decode(ByteBuf h, int s, ByteBuf data) {
        return new SnackRequestPdu(h.getUnsignedByte(s + 1) & 0x0f, h.getLong(s + 8), h.getInt(s + 16),
                h.getInt(s + 20), h.getInt(s + 28), h.getInt(s + 40), h.getInt(s + 44), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        Bhs.writeStart(out, false, Opcode.SNACK_REQUEST, Bhs.FINAL_BIT | (type & 0x0f), 0, 0, 0, data.readableBytes());
        out.writeLong(lun).writeInt(initiatorTaskTag).writeInt(targetTransferTag).writeInt(0).writeInt(expStatSN);
        Bhs.zeros(out, 8);
        out.writeInt(begRun).writeInt(runLength);
    }
}
