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
import org.snaptarget.iscsi.login.Portal;
import org.snaptarget.iscsi.login.TargetEntry;
import org.snaptarget.iscsi.login.TargetLimits;
import org.snaptarget.iscsi.pdu.LoginRequestPdu;
import org.snaptarget.iscsi.pdu.NopOutPdu;
import org.snaptarget.iscsi.pdu.Pdu;
import org.snaptarget.iscsi.testing.MemoryScsiDevice;
import org.snaptarget.iscsi.testing.NoLeaks;
import org.snaptarget.server.StaticTargetCatalog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds 100,000 random and mutated PDUs (fixed seed) to connections in the login phase: nothing may
 * escape the pipeline, nothing may leak, and each connection answers with a Login Response or is
 * closed. Some logins succeed, and the fuzzing continues in their full-feature phase.
 */
@ExtendWith(NoLeaks.class)
class LoginFuzzTest {

    static final String TARGET = "iqn.2026-11.org.snaptarget:fuzz";
    static final String[] KEYS = {"InitiatorName", "TargetName", "SessionType", "HeaderDigest", "DataDigest",
            "MaxRecvDataSegmentLength", "MaxBurstLength", "FirstBurstLength", "InitialR2T", "ImmediateData",
            "MaxOutstandingR2T", "ErrorRecoveryLevel", "MaxConnections", "AuthMethod", "CHAP_A", "CHAP_N", "CHAP_R",
            "DataPDUInOrder", "DataSequenceInOrder", "DefaultTime2Wait", "DefaultTime2Retain", "OFMarker", "X-foo",
            "SendTargets", "TargetAlias", "TargetPortalGroupTag"};
    static final String[] VALUES = {"iqn.2026-11.org.example:fuzz", TARGET, "Normal", "Discovery", "None", "CRC32C",
            "CRC32C,None", "Yes", "No", "0", "1", "2", "512", "8192", "262144", "16777216", "99999999999", "CHAP",
            "None,CHAP", "5", "7", "", "=", "\u00ff", "Irrelevant", "NotUnderstood", "Reject"};

    final Random random = new Random(0xf022);
    final List<Throwable> escaped = new ArrayList<>();
    final PortalContext portal;
    int responses;
    int closes;
    int fullFeature;

    LoginFuzzTest() {
        Portal p = new Portal("127.0.0.1", 3260, 1);
        TargetEntry entry = new TargetEntry(TARGET, "", 1, List.of(p), Optional.empty(), Optional.empty(), Set.of());
        portal = new PortalContext(new StaticTargetCatalog(List.of(entry)), p, TargetLimits.defaults(),
                Map.of(TARGET, new MemoryScsiDevice(64, Runnable::run)), new SessionRegistry(),
                KeepAliveSettings.defaults(), Duration.ofSeconds(30), () -> new Random(1));
    }

    EmbeddedChannel open() {
        return new EmbeddedChannel(new PduDecoder(), new PduEncoder(), new LoginHandler(portal),
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
    void hundredThousandRandomLoginPdusNeitherCrashNorLeak() {
        EmbeddedChannel ch = open();
        int sinceOpen = 0;
        for (int i = 0; i < 100_000; i++) {
            try {
                ch.writeInbound(nextWire());
            } catch (RuntimeException e) {
                escaped.add(e);
            }
            ch.runPendingTasks();
            for (Object o; (o = ch.readOutbound()) != null; ) {
                if (o instanceof ByteBuf b && b.readableBytes() >= 48 && (b.getByte(b.readerIndex()) & 0x3f) == 0x23) {
                    responses++;
                }
                ReferenceCountUtil.release(o);
            }
            if (ch.pipeline().get(FullFeatureHandler.class) != null && sinceOpen < 1000) {
                fullFeature++;
                sinceOpen = 1000; // count once per channel
            }
            sinceOpen++;
            if (!ch.isOpen() || sinceOpen > 1030 || (sinceOpen < 1000 && sinceOpen > 12)) {
                if (!ch.isOpen()) {
                    closes++;
                }
                ch.finishAndReleaseAll();
                ch = open();
                sinceOpen = 0;
            }
        }
        ch.finishAndReleaseAll();
        assertEquals(List.of(), escaped.stream().map(Throwable::toString).toList());
        assertTrue(responses > 10_000, "login responses: " + responses);
        assertTrue(closes > 1_000, "closed connections: " + closes);
        assertTrue(fullFeature > 10, "logins that reached full-feature phase: " + fullFeature);
    }

    private ByteBuf nextWire() {
        int kind = random.nextInt(20);
        if (kind == 0) {
            byte[] header = new byte[48];
            random.nextBytes(header);
            header[4] = 0;
            header[5] = 0;
            header[6] = 0;
            header[7] = (byte) (random.nextInt(16) * 4);
            return Unpooled.wrappedBuffer(header, new byte[header[7] & 0xff]);
        }
        if (kind == 1) {
            return encode(new NopOutPdu(true, 0, 1, -1, 0, 0, Unpooled.EMPTY_BUFFER));
        }
        StringBuilder text = new StringBuilder();
        boolean good = random.nextInt(3) == 0;
        if (good) {
            text.append("InitiatorName=iqn.2026-11.org.example:fuzz\0TargetName=").append(TARGET).append('\0');
        }
        int n = random.nextInt(6);
        for (int k = 0; k < n; k++) {
            text.append(KEYS[random.nextInt(KEYS.length)]).append('=').append(VALUES[random.nextInt(VALUES.length)])
                    .append(random.nextInt(10) == 0 ? "" : "\0");
        }
        byte[] data = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        int csg = good ? 1 : random.nextInt(4);
        int nsg = good ? 3 : random.nextInt(4);
        ByteBuf wire = encode(new LoginRequestPdu(good || random.nextBoolean(), !good && random.nextInt(5) == 0, csg,
                nsg, 0, random.nextInt(3) == 0 ? random.nextInt(256) : 0, random.nextLong() >>> 16,
                random.nextInt(10) == 0 ? random.nextInt(65536) : 0, 1, 1, 0, 0, Unpooled.wrappedBuffer(data)));
        if (!good && random.nextBoolean()) {
            int at = random.nextInt(48);
            if (at < 4 || at > 7) {
                wire.setByte(at, wire.getByte(at) ^ (1 << random.nextInt(8)));
            }
        }
        return wire;
    }

    static ByteBuf encode(Pdu pdu) {
        EmbeddedChannel enc = new EmbeddedChannel(new PduEncoder());
        enc.writeOutbound(pdu);
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = enc.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        enc.finish();
        return all;
    }
}
