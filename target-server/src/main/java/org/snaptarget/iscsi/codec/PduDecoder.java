package org.snaptarget.iscsi.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.snaptarget.iscsi.pdu.Bhs;
import org.snaptarget.iscsi.pdu.MalformedPduException;
import org.snaptarget.iscsi.pdu.PduParser;
import org.snaptarget.iscsi.pdu.UnknownOpcodeException;

import java.util.List;

/**
 * Frames the inbound byte stream into PDUs (RFC 7143 §11.2): the 48-byte BHS, TotalAHSLength×4 AHS
 * bytes, the header digest if negotiated, the data segment padded to 4 bytes, and the data digest
 * if negotiated and the segment is not empty.
 *
 * <p>The BHS gives the whole length up front, so this waits until the complete PDU is buffered and
 * then parses it in one pass. The data segment is handed over as a retained slice of the
 * cumulation buffer (no copy); the {@link org.snaptarget.iscsi.pdu.Pdu} owns it.
 *
 * <p>Limits: a DataSegmentLength above {@link #maxDataSegmentLength(int) our
 * MaxRecvDataSegmentLength} (8192 until login ends, RFC 7143 §13.12) is a protocol error. Every
 * failure is emitted as a {@link FramingError} in place of the PDU; after a fatal one the decoder
 * discards all further input.
 *
 * <p>Digests take effect for the first PDU after the login phase's final response
 * (RFC 7143 §13.1); the session flips them with {@link #enableDigests} when it sends that response.
 * Not thread-safe: a channel's event loop owns it.
 */
public final class PduDecoder extends ByteToMessageDecoder {

    /** RFC 7143 §13.12: the MaxRecvDataSegmentLength that holds during login. */
    public static final int LOGIN_MAX_DATA_SEGMENT_LENGTH = 8192;

    private final Crc32cDigest digest = new Crc32cDigest();
    private boolean headerDigest;
    private boolean dataDigest;
    private int maxDataSegmentLength = LOGIN_MAX_DATA_SEGMENT_LENGTH;
    private boolean broken;
    /** Total length of the PDU the decoder is waiting for, 0 when none (the cumulator's size hint). */
    private int pendingFrameLength;

    public PduDecoder() {
        setCumulator(this::cumulate);
    }

    /**
     * Like Netty's merge cumulator, but when the buffer must grow while a PDU is incomplete it grows
     * once to the whole PDU's length (known from the BHS), so a large data segment is copied once
     * from the socket's read buffers instead of once per doubling.
     */
    private ByteBuf cumulate(io.netty.buffer.ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        int held = cumulation.readableBytes();
        int incoming = in.readableBytes();
        boolean mustGrow = cumulation.refCnt() > 1 || cumulation.isReadOnly()
                || cumulation.maxFastWritableBytes() < incoming;
        if (held == 0 || pendingFrameLength <= held || !mustGrow) {
            return MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
        }
        ByteBuf grown = alloc.directBuffer(Math.max(pendingFrameLength, held + incoming));
        try {
            grown.writeBytes(cumulation, cumulation.readerIndex(), held);
            grown.writeBytes(in, in.readerIndex(), incoming);
        } catch (RuntimeException e) {
            grown.release();
            throw e;
        } finally {
            cumulation.release();
            in.release();
        }
        return grown;
    }

    /** Turns the negotiated digests on (or off) for every later PDU. */
    public void enableDigests(boolean header, boolean data) {
        this.headerDigest = header;
        this.dataDigest = data;
    }

    /** Sets our MaxRecvDataSegmentLength: the largest data segment accepted from now on. */
    public void maxDataSegmentLength(int bytes) {
        if (bytes < 512 || bytes > Bhs.MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("MaxRecvDataSegmentLength out of range: " + bytes);
        }
        this.maxDataSegmentLength = bytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < Bhs.LENGTH) {
            return;
        }
        int start = in.readerIndex();
        int ahsLength = in.getUnsignedByte(start + Bhs.TOTAL_AHS_LENGTH) * 4;
        int dataLength = in.getUnsignedMedium(start + Bhs.DATA_SEGMENT_LENGTH);
        if (dataLength > maxDataSegmentLength) {
            fail(in, out, FramingError.Kind.OVERSIZED_DATA, start,
                    "DataSegmentLength " + dataLength + " exceeds MaxRecvDataSegmentLength " + maxDataSegmentLength);
            return;
        }
        int headerLength = Bhs.LENGTH + ahsLength;
        int headerDigestLength = headerDigest ? 4 : 0;
        int paddedData = Bhs.padded(dataLength);
        int dataDigestLength = dataDigest && dataLength > 0 ? 4 : 0;
        int total = headerLength + headerDigestLength + paddedData + dataDigestLength;
        if (in.readableBytes() < total) {
            pendingFrameLength = total;
            return;
        }
        pendingFrameLength = 0;
        if (headerDigest) {
            int expected = in.getIntLE(start + headerLength);
            int actual = digest.compute(in, start, headerLength, 0);
            if (expected != actual) {
                fail(in, out, FramingError.Kind.HEADER_DIGEST, start, String.format(
                        "header digest mismatch: received %08x, computed %08x", expected, actual));
                return;
            }
        }
        int dataStart = start + headerLength + headerDigestLength;
        if (dataDigestLength > 0) {
            int expected = in.getIntLE(dataStart + paddedData);
            int actual = digest.compute(in, dataStart, paddedData, 0);
            if (expected != actual) {
                out.add(new FramingError(FramingError.Kind.DATA_DIGEST, headerBytes(in, start), String.format(
                        "data digest mismatch: received %08x, computed %08x", expected, actual)));
                in.readerIndex(start + total);
                return;
            }
        }
        ByteBuf data = dataLength == 0 ? Unpooled.EMPTY_BUFFER : in.retainedSlice(dataStart, dataLength);
        try {
            out.add(PduParser.parse(in, start, ahsLength, data));
        } catch (MalformedPduException e) {
            data.release();
            out.add(new FramingError(FramingError.Kind.INVALID_FIELD, headerBytes(in, start), e.getMessage()));
        } catch (UnknownOpcodeException e) {
            data.release();
            out.add(new FramingError(FramingError.Kind.UNKNOWN_OPCODE, headerBytes(in, start), e.getMessage()));
        }
        in.readerIndex(start + total);
    }

    private void fail(ByteBuf in, List<Object> out, FramingError.Kind kind, int start, String detail) {
        out.add(new FramingError(kind, headerBytes(in, start), detail));
        broken = true;
        in.skipBytes(in.readableBytes());
    }

    private static byte[] headerBytes(ByteBuf in, int start) {
        byte[] header = new byte[Bhs.LENGTH];
        in.getBytes(start, header);
        return header;
    }
}
