package org.snaptarget.iscsi.pdu;

/** An opcode RFC 7143 §11.2.1.2 does not define; the target answers Reject "Command not supported" (05h). */
public final class UnknownOpcodeException extends RuntimeException {
    private final int opcode;

    public UnknownOpcodeException(int opcode) {
        super("unknown iSCSI opcode 0x" + Integer.toHexString(opcode), null, false, false);
        this.opcode = opcode;
    }

    public int opcode() {
        return opcode;
    }
}
