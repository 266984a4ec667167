package org.snaptarget.iscsi.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import org.snaptarget.iscsi.pdu.Bhs;
import org.snaptarget.iscsi.pdu.Pdu;

import java.util.List;

/**
 * Writes PDUs in the wire format of RFC 7143 §11.2: BHS + AHS, header digest, data segment padded
 * to 4 bytes, data digest (digests little-endian, see {@link Crc32cDigest}).
 *
 * <p>Small data segments are copied behind the header into one buffer; larger ones go out as the
 * PDU's own buffer between a header buffer and a trailer (padding + digest), so read data is never
 * copied on the way to the socket. The encoder releases each PDU it writes.
 *
 * <p>Digests switch on right after the login's final response is written ({@link #enableDigests}).
 * Not thread-safe: a channel's event loop owns it.
 */
public final class PduEncoder extends MessageToMessageEncoder<Pdu> {

    /** Data segments up to this size are copied into the header buffer. */
    private static final int COPY_THRESHOLD = 1024;

    private final Crc32cDigest digest = new Crc32cDigest();
    private boolean headerDigest;
    private boolean dataDigest;

    public PduEncoder() {
        super(Pdu.class);
    }

    /** Turns the negotiated digests on (or off) for every later PDU. */
    public void enableDigests(boolean header, boolean data) {
        this.headerDigest = header;
        this.dataDigest = data;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Pdu pdu, List<Object> out) {
        ByteBuf data = pdu.data();
        int dataLength = data.readableBytes();
        if (dataLength > Bhs.MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("data segment too long: " + dataLength);
        }
        int headerLength = Bhs.LENGTH + pdu.ahsLength();
        int pad = Bhs.padded(dataLength) - dataLength;
        int trailerLength = dataLength == 0 ? 0 : pad + (dataDigest ? 4 : 0);
        boolean copy = dataLength <= COPY_THRESHOLD;
        int firstLength = headerLength + (headerDigest ? 4 : 0) + (copy ? dataLength + trailerLength : 0);
        ByteBuf first = ctx.alloc().directBuffer(firstLength);
        pdu.writeHeader(first);
        if (first.writerIndex() != headerLength) {
            first.release();
            throw new IllegalStateException(pdu.getClass().getSimpleName() + " wrote " + first.writerIndex()
                    + " header bytes, expected " + headerLength);
        }
        if (headerDigest) {
            first.writeIntLE(digest.compute(first, 0, headerLength, 0));
        }
        if (dataLength == 0) {
            out.add(first);
            return;
        }
        int crc = dataDigest ? digest.compute(data, data.readerIndex(), dataLength, pad) : 0;
        if (copy) {
            first.writeBytes(data, data.readerIndex(), dataLength);
            first.writeZero(pad);
            if (dataDigest) {
                first.writeIntLE(crc);
            }
            out.add(first);
            return;
        }
        out.add(first);
        out.add(data.retain());
        if (trailerLength > 0) {
            ByteBuf trailer = ctx.alloc().directBuffer(trailerLength);
            trailer.writeZero(pad);
            if (dataDigest) {
                trailer.writeIntLE(crc);
            }
            out.add(trailer);
        }
    }
}
