package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/**
 * SCSI Response (RFC 7143 §11.4). {@code data} is the SenseLength-prefixed sense data (§11.4.7) or
 * empty. Flags: o/u bidirectional read residual overflow/underflow, O/U residual overflow/underflow
 * (§11.4.5); the residual counts are meaningful only with their flag set.
 */
public record ScsiResponsePdu(boolean bidiOverflow, boolean bidiUnderflow, boolean overflow, boolean underflow,
                              int response, int status, int initiatorTaskTag, int snackTag, int statSN,
                              int expCmdSN, int maxCmdSN, int expDataSN, int bidiResidualCount,
                              int residualCount, ByteBuf data) implements Pdu {

    /** iSCSI response code "Command Completed at Target" (§11.4.3). */
    public static final int COMMAND_COMPLETED = 0x00;
    /** iSCSI response code "Target Failure" (§11.4.3). */
    public static final int TARGET_FAILURE = 0x01;

    @Override
    public int opcode() {
        return Opcode.SCSI_RESPONSE;
    }

    static ScsiResponsePdu decode(ByteBuf h, int s, ByteBuf data) {
        int f = h.getUnsignedByte(s + 1);
        return new ScsiResponsePdu((f & 0x10) != 0, (f & 0x08) != 0, (f & 0x04) != 0, (f & 0x02) != 0,
                h.getUnsignedByte(s + 2), h.getUnsignedByte(s + 3), h.getInt(s + 16), h.getInt(s + 20),
                h.getInt(s + 24), h.getInt(s + 28), h.getInt(s + 32), h.getInt(s + 36), h.getInt(s + 40),
                h.getInt(s + 44), data);
    }

    @Override
    public void writeHeader(ByteBuf out) {
        int flags = Bhs.FINAL_BIT | (bidiOverflow ? 0x10 : 0) | (bidiUnderflow ? 0x08 : 0) | (overflow ? 0x04 : 0)
                | (underflow ? 0x02 : 0);
        Bhs.writeStart(out, false, Opcode.SCSI_RESPONSE, flags, response, status, 0, data.readableBytes());
        Bhs.zeros(out, 8);
        out.writeInt(initiatorTaskTag).writeInt(snackTag).writeInt(statSN).writeInt(expCmdSN).writeInt(maxCmdSN)
                .writeInt(expDataSN).writeInt(bidiResidualCount).writeInt(residualCount);
    }
}
