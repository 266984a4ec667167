package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/**
 * Turns one framed PDU (BHS + AHS already in memory, digests checked) into its record
 * (RFC 7143 §11.2). Framing, digests and length limits are the codec's job; this class only maps
 * opcodes to records.
 */
public final class PduParser {

    private PduParser() {
    }

    /**
     * Parses the header at {@code start} of {@code header}.
     *
     * @param data the unpadded data segment; ownership passes to the returned PDU (or, on an
     *             exception, stays with the caller)
     * @throws MalformedPduException    if the AHS is malformed
     * @throws UnknownOpcodeException   if the opcode is not one of RFC 7143 §11.2.1.2
     */
    public static Pdu parse(ByteBuf header, int start, int ahsLength, ByteBuf data) {
        int opcode = Bhs.opcode(header, start);
        return switch (opcode) {
            case Opcode.NOP_OUT -> NopOutPdu.decode(header, start, data);
            case Opcode.SCSI_COMMAND -> ScsiCommandPdu.decode(header, start, ahsLength, data);
            case Opcode.TASK_MANAGEMENT_REQUEST -> TaskManagementRequestPdu.decode(header, start, data);
            case Opcode.LOGIN_REQUEST -> LoginRequestPdu.decode(header, start, data);
            case Opcode.TEXT_REQUEST -> TextRequestPdu.decode(header, start, data);
            case Opcode.DATA_OUT -> DataOutPdu.decode(header, start, data);
            case Opcode.LOGOUT_REQUEST -> LogoutRequestPdu.decode(header, start, data);
            case Opcode.SNACK_REQUEST -> SnackRequestPdu.decode(header, start, data);
            case Opcode.NOP_IN -> NopInPdu.decode(header, start, data);
            case Opcode.SCSI_RESPONSE -> ScsiResponsePdu.decode(header, start, data);
            case Opcode.TASK_MANAGEMENT_RESPONSE -> TaskManagementResponsePdu.decode(header, start, data);
            case Opcode.LOGIN_RESPONSE -> LoginResponsePdu.decode(header, start, data);
            case Opcode.TEXT_RESPONSE -> TextResponsePdu.decode(header, start, data);
            case Opcode.DATA_IN -> DataInPdu.decode(header, start, data);
            case Opcode.LOGOUT_RESPONSE -> LogoutResponsePdu.decode(header, start, data);
            case Opcode.R2T -> R2tPdu.decode(header, start, data);
            case Opcode.ASYNC_MESSAGE -> AsyncMessagePdu.decode(header, start, data);
            case Opcode.REJECT -> RejectPdu.decode(header, start, data);
            default -> throw new UnknownOpcodeException(opcode);
        };
    }
}
