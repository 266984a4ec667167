package org.snaptarget.iscsi.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.snaptarget.iscsi.pdu.Bhs;
import org.snaptarget.iscsi.pdu.Pdu;

/** Encodes a PDU to wire bytes without digests, without a channel (fast, for fuzzing). Releases the PDU. */
public final class Wire {
    private Wire() {
    }

    public static ByteBuf encode(Pdu pdu) {
        try {
            int length = pdu.data().readableBytes();
            ByteBuf out = Unpooled.buffer(Bhs.LENGTH + pdu.ahsLength() + Bhs.padded(length));
            pdu.writeHeader(out);
            out.writeBytes(pdu.data(), pdu.data().readerIndex(), length);
            out.writeZero(Bhs.padded(length) - length);
            return out;
        } finally {
            pdu.release();
        }
    }
}
