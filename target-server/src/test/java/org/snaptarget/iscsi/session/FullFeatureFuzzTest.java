package org.snaptarget.iscsi.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.snaptarget.iscsi.codec.PduDecoder;
import org.snaptarget.iscsi.codec.PduEncoder;
import org.snaptarget.iscsi.pdu.Bhs;
import org.snaptarget.iscsi.pdu.DataOutPdu;
import org.snaptarget.iscsi.pdu.LogoutRequestPdu;
import org.snaptarget.iscsi.pdu.NopOutPdu;
import org.snaptarget.iscsi.pdu.Pdu;
import org.snaptarget.iscsi.pdu.ScsiCommandPdu;
import org.snaptarget.iscsi.pdu.SnackRequestPdu;
import org.snaptarget.iscsi.pdu.TaskManagementRequestPdu;
import org.snaptarget.iscsi.pdu.TextRequestPdu;
import org.snaptarget.iscsi.testing.MemoryScsiDevice;
import org.snaptarget.iscsi.testing.NoLeaks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds 100,000 random and mutated PDUs (fixed seed) through decoder → full-feature handler: no
 * exception may escape, nothing may leak, every connection either answers or closes, and a session
 * on the same device keeps working afterwards.
 */
@ExtendWith(NoLeaks.class)
class FullFeatureFuzzTest {

    static final int PDUS = 100_000;

    final MemoryScsiDevice device = new MemoryScsiDevice(256, Runnable::run);
    final List<Throwable> escaped = new ArrayList<>();
    final Random random = new Random(0x5eed);
    int closedConnections;
    int rejects;

    EmbeddedChannel open() {
        PduDecoder decoder = new PduDecoder();
        decoder.maxDataSegmentLength(65536);
        SessionContext ctx = new SessionContext(false, FullFeatureHandlerTest.NEXUS, device,
                new TransferSettings(8192, 65536, 65536, 16384, 2, false, true), 1, 0, 0,
                text -> new byte[0], new KeepAliveSettings(Duration.ofSeconds(5), Duration.ofSeconds(30)), () -> { });
        return new EmbeddedChannel(decoder, new PduEncoder(), new FullFeatureHandler(ctx),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
                        escaped.add(cause);
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext c, Object msg) {
                        ReferenceCountUtil.release(msg);
                        escaped.add(new AssertionError("message fell off the pipeline: " + msg));
                    }
                });
    }

    @Test
    void hundredThousandRandomAndMutatedPdusNeitherCrashNorLeak() {
        EmbeddedChannel ch = open();
        int sinceOpen = 0;
        for (int i = 0; i < PDUS; i++) {
            ByteBuf wire = nextWire(i);
            try {
                ch.writeInbound(wire);
            } catch (RuntimeException e) {
                escaped.add(e);
            }
            ch.runPendingTasks();
            drain(ch);
            sinceOpen++;
            if (!ch.isOpen() || sinceOpen > 200) {
                if (!ch.isOpen()) {
                    closedConnections++;
                }
                ch.finishAndReleaseAll();
                ch = open();
                sinceOpen = 0;
            }
        }
        ch.finishAndReleaseAll();
        assertEquals(List.of(), escaped.stream().map(Throwable::toString).toList());
        assertTrue(rejects > 1000, "malformed PDUs are rejected, got " + rejects);
        assertTrue(closedConnections > 10, "fatal errors close the connection, got " + closedConnections);
        wellBehavedSessionStillWorks();
    }

    private void wellBehavedSessionStillWorks() {
        EmbeddedChannel ch = open();
        byte[] data = new byte[4096];
        new Random(7).nextBytes(data);
        ByteBuf w = encode(new ScsiCommandPdu(false, true, false, true, 1, 0, 1, 4096, 0, 0,
                FullFeatureHandlerTest.cdb10(0x2a, 16, 8), -1, Unpooled.wrappedBuffer(data)));
        ch.writeInbound(w);
        ch.runPendingTasks();
        drain(ch);
        ch.writeInbound(encode(new ScsiCommandPdu(false, true, true, false, 1, 0, 2, 4096, 1, 0,
                FullFeatureHandlerTest.cdb10(0x28, 16, 8), -1, Unpooled.EMPTY_BUFFER)));
        ch.runPendingTasks();
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            all.writeBytes((ByteBuf) o);
            ReferenceCountUtil.release(o);
        }
        EmbeddedChannel dec = new EmbeddedChannel(decoderFor(65536));
        dec.writeInbound(all);
        org.snaptarget.iscsi.pdu.DataInPdu in = dec.readInbound();
        byte[] got = new byte[4096];
        in.data().getBytes(in.data().readerIndex(), got);
        in.release();
        assertArrayEquals(data, got);
        dec.finishAndReleaseAll();
        ch.finishAndReleaseAll();
    }

    static PduDecoder decoderFor(int max) {
        PduDecoder d = new PduDecoder();
        d.maxDataSegmentLength(max);
        return d;
    }

    private void drain(EmbeddedChannel ch) {
        for (Object o; (o = ch.readOutbound()) != null; ) {
            if (o instanceof ByteBuf b && b.readableBytes() >= 48 && (b.getByte(b.readerIndex()) & 0x3f) == 0x3f) {
                rejects++;
            }
            ReferenceCountUtil.release(o);
        }
    }

    private ByteBuf nextWire(int i) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            // fully random header, small data
            ByteBuf b = Unpooled.buffer(48 + 64);
            byte[] header = new byte[48];
            random.nextBytes(header);
            if (random.nextBoolean()) {
                header[4] = 0;
                header[5] = 0;
                header[6] = 0;
                header[7] = (byte) random.nextInt(64);
            }
            b.writeBytes(header);
            b.writeZero(Bhs.padded(header[7] & 0xff) + (header[4] & 0xff) * 4);
            return b;
        }
        ByteBuf wire = encode(validPdu());
        if (kind <= 6) {
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(Math.min(wire.readableBytes(), 48));
                if (at >= 4 && at <= 7 && random.nextInt(4) != 0) {
                    continue; // keep most lengths intact so framing survives
                }
                wire.setByte(at, wire.getByte(at) ^ (1 << random.nextInt(8)));
            }
        }
        return wire;
    }

    private Pdu validPdu() {
        int itt = random.nextInt(16);
        int cmdSN = random.nextInt(8);
        return switch (random.nextInt(8)) {
            case 0 -> new NopOutPdu(random.nextBoolean(), 0, random.nextBoolean() ? itt : Bhs.RESERVED_TAG,
                    Bhs.RESERVED_TAG, cmdSN, 0, Unpooled.wrappedBuffer(bytes(random.nextInt(32))));
            case 1, 2 -> {
                boolean write = random.nextBoolean();
                int blocks = 1 + random.nextInt(8);
                byte[] cdb = FullFeatureHandlerTest.cdb10(write ? 0x2a : 0x28, random.nextInt(300), blocks);
                int edtl = random.nextInt(4) == 0 ? random.nextInt(10000) : blocks * 512;
                int imm = write ? Math.min(edtl, random.nextInt(3) * 1024) : 0;
                yield new ScsiCommandPdu(random.nextBoolean(), random.nextBoolean(), !write, write, random.nextInt(8),
                        0, itt, edtl, cmdSN, 0, cdb, -1, Unpooled.wrappedBuffer(bytes(imm)));
            }
            case 3 -> new DataOutPdu(random.nextBoolean(), 0, itt, random.nextBoolean() ? Bhs.RESERVED_TAG
                    : random.nextInt(8), 0, random.nextInt(4), random.nextInt(4) * 1024,
                    Unpooled.wrappedBuffer(bytes(random.nextInt(3) * 1024)));
            case 4 -> new TaskManagementRequestPdu(true, random.nextInt(10), 0, itt, random.nextInt(16), cmdSN, 0,
                    cmdSN, 0, Unpooled.EMPTY_BUFFER);
            case 5 -> new TextRequestPdu(true, random.nextBoolean(), random.nextBoolean(), 0, itt,
                    random.nextBoolean() ? Bhs.RESERVED_TAG : random.nextInt(4), cmdSN, 0,
                    Unpooled.wrappedBuffer(bytes(random.nextInt(40))));
            case 6 -> new SnackRequestPdu(random.nextInt(4), 0, itt, Bhs.RESERVED_TAG, 0, 0, 0, Unpooled.EMPTY_BUFFER);
            default -> random.nextInt(20) == 0
                    ? new LogoutRequestPdu(true, random.nextInt(4), itt, random.nextInt(3), cmdSN, 0,
                    Unpooled.EMPTY_BUFFER)
                    : new NopOutPdu(true, 0, itt, Bhs.RESERVED_TAG, cmdSN, 0, Unpooled.EMPTY_BUFFER);
        };
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static ByteBuf encode(Pdu pdu) {
        return org.snaptarget.iscsi.testing.Wire.encode(pdu);
    }
}
