package org.snaptarget.iscsi.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * One iSCSI PDU (RFC 7143 §11), as an immutable record per opcode.
 *
 * <p>Initiator-to-target records ({@link NopOutPdu}, {@link ScsiCommandPdu}, {@link TaskManagementRequestPdu},
 * {@link LoginRequestPdu}, {@link TextRequestPdu}, {@link DataOutPdu}, {@link LogoutRequestPdu},
 * {@link SnackRequestPdu}) and target-to-initiator records ({@link NopInPdu}, {@link ScsiResponsePdu},
 * {@link TaskManagementResponsePdu}, {@link LoginResponsePdu}, {@link TextResponsePdu}, {@link DataInPdu},
 * {@link LogoutResponsePdu}, {@link R2tPdu}, {@link AsyncMessagePdu}, {@link RejectPdu}) both decode and
 * encode, so tests can play either side.
 *
 * <p>Ownership: {@link #data()} is the data segment without padding or digest, never {@code null}
 * (an empty buffer when the PDU carries none). A decoded PDU's data is a retained slice of the receive
 * buffer; the PDU is {@link ReferenceCounted} through its data, and whoever consumes the PDU releases it
 * exactly once (Netty's usual rule: the last handler that uses a message releases it). The encoder
 * releases the PDUs it writes. Header fields are plain values and survive the release.
 */
public sealed interface Pdu extends ReferenceCounted
        permits NopOutPdu, NopInPdu, ScsiCommandPdu, ScsiResponsePdu, TaskManagementRequestPdu,
        TaskManagementResponsePdu, LoginRequestPdu, LoginResponsePdu, TextRequestPdu, TextResponsePdu,
        DataOutPdu, DataInPdu, LogoutRequestPdu, LogoutResponsePdu, R2tPdu, AsyncMessagePdu, RejectPdu,
        SnackRequestPdu {

    /** The 6-bit opcode (RFC 7143 §11.2.1.2). */
    int opcode();

    /** The data segment (unpadded), never {@code null}. */
    ByteBuf data();

    /** The Initiator Task Tag field (bytes 16-19). */
    int initiatorTaskTag();

    /**
     * Writes the 48-byte BHS followed by any AHS at the writer index of {@code out}. The
     * DataSegmentLength field is {@code data().readableBytes()}.
     */
    void writeHeader(ByteBuf out);

    /** Length in bytes of the AHS this PDU writes after its BHS (a multiple of 4). */
    default int ahsLength() {
        return 0;
    }

    @Override
    default int refCnt() {
        return data().refCnt();
    }

    @Override
    default Pdu retain() {
        data().retain();
        return this;
    }

    @Override
    default Pdu retain(int increment) {
        data().retain(increment);
        return this;
    }

    @Override
    default Pdu touch() {
        data().touch();
        return this;
    }

    @Override
    default Pdu touch(Object hint) {
        data().touch(hint);
        return this;
    }

    @Override
    default boolean release() {
        return data().release();
    }

    @Override
    default boolean release(int decrement) {
        return data().release(decrement);
    }
}
