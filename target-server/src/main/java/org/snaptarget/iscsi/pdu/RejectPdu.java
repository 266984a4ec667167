package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/**
 * Reject (RFC 7143 §11.17): {@code data} is the complete header (BHS, 48 bytes) of the rejected PDU.
 * Reason codes per §11.17.1 are the constants below. ITT is always FFFFFFFF.
 */
public record RejectPdu(int reason, int statSN, int expCmdSN, int maxCmdSN, int dataSN, ByteBuf data)
        implements Pdu {

    public static final int DATA_DIGEST_ERROR = 0x02;
    public static final int SNACK_REJECT = 0x03;
    public static final int PROTOCOL_ERROR = 0x04;
    public static final int COMMAND_NOT_SUPPORTED = 0x05;
    public static final int IMMEDIATE_COMMAND_REJECT = 0x06;
    public static final int TASK_IN_PROGRESS = 0x07;
    public static final int INVALID_DATA_ACK = 0x08;
    public static final int INVALID_PDU_FIELD = 0x09;
    public static final int LONG_OPERATION_REJECT = 0x0a;
    public static final int WAITING_FOR_LOGOUT = 0x0c;

    @Override
    public int opcode() {
        return Opcode.REJECT;
    }

    @Override
    public int initiatorTaskTag() {
        return Bhs.RESERVED_TAG;
    }

    static RejectPdu decode(ByteBuf h, int s, ByteBuf data) {
        return new RejectPdu(h.getUnsignedByte(s + 2), h.getInt(s + 24), h.getInt(s + 28), h.getInt(s + 32),
                h.getInt(s + 36), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        Bhs.writeStart(out, false, Opcode.REJECT, Bhs.FINAL_BIT, reason, 0, 0, data.readableBytes());
        Bhs.zeros(out, 8);
        out.writeInt(Bhs.RESERVED_TAG).writeInt(0).writeInt(statSN).writeInt(expCmdSN).writeInt(maxCmdSN)
                .writeInt(dataSN);
        Bhs.zeros(out, 8);
    }
}
