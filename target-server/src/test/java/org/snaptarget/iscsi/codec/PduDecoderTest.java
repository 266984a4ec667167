package org.snaptarget.iscsi.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.snaptarget.iscsi.pdu.DataOutPdu;
import org.snaptarget.iscsi.pdu.NopOutPdu;
import org.snaptarget.iscsi.pdu.Pdu;
import org.snaptarget.iscsi.testing.NoLeaks;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Digests (RFC 7143 §13.1, Appendix A vectors), length limits and malformed input in the framing layer. */
@ExtendWith(NoLeaks.class)
class PduDecoderTest {

    /** RFC 7143 Appendix A (from RFC 3720 B.4): CRC32C test vectors, as the bytes appear on the wire. */
    @Test
    void crc32cMatchesTheRfcVectorsInWireByteOrder() {
        Crc32cDigest d = new Crc32cDigest();
        byte[] zeros = new byte[32];
        byte[] ones = new byte[32];
        byte[] up = new byte[32];
        byte[] down = new byte[32];
        for (int i = 0; i < 32; i++) {
            ones[i] = (byte) 0xff;
            up[i] = (byte) i;
            down[i] = (byte) (31 - i);
        }
        assertArrayEquals(Fixture.hex("aa 36 91 8a").bytes(), wire(d, zeros));
        assertArrayEquals(Fixture.hex("43 ab a8 62").bytes(), wire(d, ones));
        assertArrayEquals(Fixture.hex("4e 79 dd 46").bytes(), wire(d, up));
        assertArrayEquals(Fixture.hex("5c db 3f 11").bytes(), wire(d, down));
    }

    @Test
    void crc32cOverACompositeBufferEqualsTheContiguousOne() {
        Crc32cDigest d = new Crc32cDigest();
        byte[] bytes = "scatter-gather digests must not copy".getBytes(StandardCharsets.US_ASCII);
        ByteBuf composite = Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(bytes, 0, 10),
                Unpooled.wrappedBuffer(bytes, 10, bytes.length - 10));
        assertEquals(d.compute(Unpooled.wrappedBuffer(bytes), 0, bytes.length, 3),
                d.compute(composite, 0, bytes.length, 3));
        composite.release();
    }

    private static byte[] wire(Crc32cDigest d, byte[] data) {
        ByteBuf out = Unpooled.buffer(4);
        out.writeIntLE(d.compute(Unpooled.wrappedBuffer(data), 0, data.length, 0));
        return out.array();
    }

    static NopOutPdu ping(String text) {
        return new NopOutPdu(true, 0, 7, -1, 1, 1, Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    static ByteBuf encode(Pdu pdu, boolean headerDigest, boolean dataDigest) {
        EmbeddedChannel enc = new EmbeddedChannel(new PduEncoder());
        ((PduEncoder) enc.pipeline().first()).enableDigests(headerDigest, dataDigest);
        enc.writeOutbound(pdu);
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = enc.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        assertFalse(enc.finish());
        return all;
    }

    static EmbeddedChannel decoder(boolean headerDigest, boolean dataDigest) {
        PduDecoder decoder = new PduDecoder();
        decoder.enableDigests(headerDigest, dataDigest);
        return new EmbeddedChannel(decoder);
    }

    @Test
    void pduWithBothDigestsRoundTripsByteByByte() {
        ByteBuf wire = encode(ping("hello"), true, true);
        // 48 BHS + 4 header digest + 8 padded data + 4 data digest
        assertEquals(64, wire.readableBytes());
        EmbeddedChannel ch = decoder(true, true);
        while (wire.isReadable()) {
            ch.writeInbound(wire.readRetainedSlice(1));
        }
        wire.release();
        NopOutPdu pdu = ch.readInbound();
        assertEquals("hello", pdu.data().toString(StandardCharsets.US_ASCII));
        pdu.release();
        assertFalse(ch.finish());
    }

    @Test
    void largeDataSegmentIsSentWithoutCopyAndDigestsStillMatch() {
        byte[] big = new byte[5000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        DataOutPdu out = new DataOutPdu(true, 0, 1, 2, 3, 0, 0, Unpooled.wrappedBuffer(big, 0, 4999));
        ByteBuf wire = encode(out, true, true);
        assertEquals(48 + 4 + 5000 + 4, wire.readableBytes());
        PduDecoder decoder = new PduDecoder();
        decoder.enableDigests(true, true);
        decoder.maxDataSegmentLength(8192);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(wire);
        DataOutPdu in = ch.readInbound();
        assertEquals(Unpooled.wrappedBuffer(big, 0, 4999), in.data());
        in.release();
        assertFalse(ch.finish());
    }

    @Test
    void headerDigestErrorIsFatalAndLaterInputIsDiscarded() {
        ByteBuf wire = encode(ping("x"), true, false);
        wire.setByte(20, wire.getByte(20) ^ 1); // flip a TTT bit: header digest no longer matches
        ByteBuf good = encode(ping("y"), true, false);
        EmbeddedChannel ch = decoder(true, false);
        ch.writeInbound(Unpooled.wrappedBuffer(wire, good));
        FramingError error = ch.readInbound();
        assertEquals(FramingError.Kind.HEADER_DIGEST, error.kind());
        assertEquals(48, error.header().length);
        assertNull(ch.readInbound(), "nothing after a header digest error is trusted");
        assertFalse(ch.finish());
    }

    @Test
    void dataDigestErrorSkipsOnlyThatPdu() {
        ByteBuf bad = encode(ping("abcd"), false, true);
        bad.setByte(48, 'X');
        ByteBuf good = encode(ping("efgh"), false, true);
        EmbeddedChannel ch = decoder(false, true);
        ch.writeInbound(Unpooled.wrappedBuffer(bad, good));
        FramingError error = ch.readInbound();
        assertEquals(FramingError.Kind.DATA_DIGEST, error.kind());
        assertFalse(error.kind().fatal());
        assertEquals(0x40, error.header()[0] & 0xff);
        NopOutPdu next = ch.readInbound();
        assertEquals("efgh", next.data().toString(StandardCharsets.US_ASCII));
        next.release();
        assertFalse(ch.finish());
    }

    @Test
    void emptyDataSegmentCarriesNoDataDigest() {
        ByteBuf wire = encode(ping(""), false, true);
        assertEquals(48, wire.readableBytes());
        EmbeddedChannel ch = decoder(false, true);
        ch.writeInbound(wire);
        NopOutPdu pdu = ch.readInbound();
        assertEquals(0, pdu.data().readableBytes());
        assertFalse(ch.finish());
    }

    @Test
    void dataSegmentOverTheNegotiatedLimitIsAFatalProtocolError() {
        ByteBuf wire = encode(ping("x".repeat(8193)), false, false);
        EmbeddedChannel ch = decoder(false, false);
        ch.writeInbound(wire.readRetainedSlice(48));
        FramingError error = ch.readInbound();
        assertEquals(FramingError.Kind.OVERSIZED_DATA, error.kind());
        assertEquals(true, error.kind().fatal());
        ch.writeInbound(wire);
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void limitRisesAfterLogin() {
        PduDecoder decoder = new PduDecoder();
        decoder.maxDataSegmentLength(262144);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(encode(ping("x".repeat(100_000)), false, false));
        NopOutPdu pdu = ch.readInbound();
        assertEquals(100_000, pdu.data().readableBytes());
        pdu.release();
        assertFalse(ch.finish());
        assertThrows(IllegalArgumentException.class, () -> decoder.maxDataSegmentLength(100));
    }

    @Test
    void unknownOpcodeBecomesAFramingErrorAndDecodingContinues() {
        ByteBuf wire = Unpooled.buffer();
        wire.writeByte(0x1c).writeZero(47);
        EmbeddedChannel ch = decoder(false, false);
        ch.writeInbound(Unpooled.wrappedBuffer(wire, encode(ping("ok"), false, false)));
        FramingError error = ch.readInbound();
        assertEquals(FramingError.Kind.UNKNOWN_OPCODE, error.kind());
        NopOutPdu next = ch.readInbound();
        assertEquals("ok", next.data().toString(StandardCharsets.US_ASCII));
        next.release();
        assertFalse(ch.finish());
    }

    @Test
    void truncatedAhsIsAnInvalidField() {
        ByteBuf wire = Unpooled.buffer();
        wire.writeByte(0x01).writeByte(0x80).writeShort(0).writeByte(1).writeMedium(0).writeZero(40);
        wire.writeShort(40).writeByte(1).writeByte(0); // AHS claims 40 bytes in a 4-byte TotalAHSLength
        EmbeddedChannel ch = decoder(false, false);
        ch.writeInbound(wire);
        FramingError error = ch.readInbound();
        assertEquals(FramingError.Kind.INVALID_FIELD, error.kind());
        assertInstanceOf(String.class, error.detail());
        assertFalse(ch.finish());
    }
}
