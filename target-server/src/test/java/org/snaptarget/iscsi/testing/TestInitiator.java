package org.snaptarget.iscsi.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import org.snaptarget.iscsi.codec.PduDecoder;
import org.snaptarget.iscsi.codec.PduEncoder;
import org.snaptarget.iscsi.pdu.Bhs;
import org.snaptarget.iscsi.pdu.DataInPdu;
import org.snaptarget.iscsi.pdu.DataOutPdu;
import org.snaptarget.iscsi.pdu.LoginRequestPdu;
import org.snaptarget.iscsi.pdu.LoginResponsePdu;
import org.snaptarget.iscsi.pdu.LogoutRequestPdu;
import org.snaptarget.iscsi.pdu.LogoutResponsePdu;
import org.snaptarget.iscsi.pdu.NopInPdu;
import org.snaptarget.iscsi.pdu.NopOutPdu;
import org.snaptarget.iscsi.pdu.Pdu;
import org.snaptarget.iscsi.pdu.R2tPdu;
import org.snaptarget.iscsi.pdu.ScsiCommandPdu;
import org.snaptarget.iscsi.pdu.ScsiResponsePdu;
import org.snaptarget.iscsi.pdu.TextRequestPdu;
import org.snaptarget.iscsi.pdu.TextResponsePdu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal synchronous iSCSI initiator for tests over real sockets: login (no CHAP, straight to
 * the operational stage), SCSI reads and writes with immediate data and R2T-solicited Data-Out,
 * NOP ping, SendTargets, logout. One command at a time; NOP-In pings from the target are answered.
 */
public final class TestInitiator implements AutoCloseable {

    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    private final Channel channel;
    private int itt = 1;
    private int cmdSN;
    private int expStatSN;
    private int tsih;
    private int maxSend = 8192;
    private Map<String, String> negotiated = new LinkedHashMap<>();

    private TestInitiator(Channel channel) {
        this.channel = channel;
    }

    public static TestInitiator connect(String host, int port) throws InterruptedException {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        PduDecoder decoder = new PduDecoder();
        PduEncoder encoder = new PduEncoder();
        Channel ch = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(decoder, encoder, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof NopInPdu nop && nop.targetTransferTag() != Bhs.RESERVED_TAG) {
                                    ctx.writeAndFlush(new NopOutPdu(true, 0, Bhs.RESERVED_TAG, nop.targetTransferTag(),
                                            0, nop.statSN(), Unpooled.EMPTY_BUFFER));
                                    nop.release();
                                    return;
                                }
                                queue.add(msg);
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                queue.add("closed");
                            }
                        });
                    }
                }).connect(host, port).sync().channel();
        return new TestInitiator(ch).adopt(queue, decoder, encoder);
    }

    private BlockingQueue<Object> queue;
    private PduDecoder liveDecoder;
    private PduEncoder liveEncoder;

    private TestInitiator adopt(BlockingQueue<Object> q, PduDecoder d, PduEncoder e) {
        this.queue = q;
        this.liveDecoder = d;
        this.liveEncoder = e;
        return this;
    }

    /** The next inbound PDU (caller releases), or an IOException when the target closed. */
    public Pdu next() throws IOException, InterruptedException {
        Object o = queue.poll(10, TimeUnit.SECONDS);
        if (o == null) {
            throw new IOException("no PDU from the target within 10 s");
        }
        if (o instanceof Pdu pdu) {
            return pdu;
        }
        throw new IOException("target closed the connection (" + o + ")");
    }

    /** True if the target closes the connection within the timeout (inbound PDUs are released). */
    public boolean awaitClose(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            Object o = queue.poll(Math.max(1, end - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (o == null) {
                break;
            }
            if (!(o instanceof Pdu)) {
                return true;
            }
            ReferenceCountUtil.release(o);
        }
        return !channel.isActive();
    }

    public Channel channel() {
        return channel;
    }

    public int tsih() {
        return tsih;
    }

    public Map<String, String> negotiated() {
        return negotiated;
    }

    /** Logs in (normal session when {@code targetName} is non-null, else discovery); returns the final response's status. */
    public LoginResponsePdu login(String initiatorName, String targetName, long isid, int tsih, Map<String, String> keys)
            throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("InitiatorName", initiatorName);
        if (targetName != null) {
            all.put("TargetName", targetName);
            all.put("SessionType", "Normal");
        } else {
            all.put("SessionType", "Discovery");
        }
        all.put("HeaderDigest", "None");
        all.put("DataDigest", "None");
        if (targetName != null) {
            all.put("InitialR2T", "No");
            all.put("ImmediateData", "Yes");
            all.put("MaxBurstLength", "262144");
            all.put("FirstBurstLength", "65536");
            all.put("MaxOutstandingR2T", "1");
        }
        all.put("MaxRecvDataSegmentLength", "65536");
        all.put("ErrorRecoveryLevel", "0");
        all.putAll(keys);
        StringBuilder text = new StringBuilder();
        all.forEach((k, v) -> text.append(k).append('=').append(v).append('\0'));
        byte[] request = text.toString().getBytes(StandardCharsets.US_ASCII);
        int loginItt = itt++;
        channel.writeAndFlush(new LoginRequestPdu(true, false, 1, 3, 0, 0, isid, tsih, loginItt, 1, cmdSN, expStatSN,
                Unpooled.wrappedBuffer(request)));
        while (true) {
            Pdu pdu = next();
            if (!(pdu instanceof LoginResponsePdu r)) {
                pdu.release();
                throw new IOException("expected a Login Response, got " + pdu);
            }
            expStatSN = r.statSN() + 1;
            parseInto(negotiated, r.data());
            r.release();
            if (r.statusClass() != 0 || (r.transit() && r.nsg() == 3)) {
                this.tsih = r.tsih();
                if (r.statusClass() == 0) {
                    boolean hd = "CRC32C".equals(negotiated.get("HeaderDigest"));
                    boolean dd = "CRC32C".equals(negotiated.get("DataDigest"));
                    liveEncoder.enableDigests(hd, dd);
                    liveDecoder.enableDigests(hd, dd);
                    liveDecoder.maxDataSegmentLength(65536);
                    String mrdsl = negotiated.get("MaxRecvDataSegmentLength");
                    maxSend = mrdsl == null ? 8192 : Integer.parseInt(mrdsl);
                }
                return r;
            }
            // keep asking to transit (empty request) until the target agrees
            channel.writeAndFlush(new LoginRequestPdu(true, false, 1, 3, 0, 0, isid, tsih, loginItt, 1, cmdSN,
                    expStatSN, Unpooled.EMPTY_BUFFER));
        }
    }

    private static void parseInto(Map<String, String> map, ByteBuf data) {
        String s = data.toString(StandardCharsets.US_ASCII);
        for (String kv : s.split("\0")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                map.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
    }

    /** Result of one SCSI command. */
    public record Result(int status, byte[] data, byte[] sense, int residual, boolean underflow, boolean overflow) {
    }

    /** READ(10) of {@code blocks} 512-byte blocks. */
    public Result read(long lun, int lba, int blocks, int blockSize) throws IOException, InterruptedException {
        byte[] cdb = cdb10(0x28, lba, blocks);
        return command(lun, cdb, blocks * blockSize, true, null);
    }

    /** WRITE(10) with immediate data up to the first burst, then Data-Out for each R2T. */
    public Result write(long lun, int lba, byte[] data, int blockSize) throws IOException, InterruptedException {
        return command(lun, cdb10(0x2a, lba, data.length / blockSize), data.length, false, data);
    }

    /** Sends TEST UNIT READY until it answers GOOD (a fresh nexus first gets a unit attention); returns tries. */
    public int clearUnitAttention(long lun) throws IOException, InterruptedException {
        for (int i = 1; i <= 4; i++) {
            if (command(lun, new byte[16], 0, false, null).status() == 0) {
                return i;
            }
        }
        throw new IOException("TEST UNIT READY never answered GOOD");
    }

    public static byte[] cdb10(int op, int lba, int blocks) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) op;
        cdb[2] = (byte) (lba >>> 24);
        cdb[3] = (byte) (lba >>> 16);
        cdb[4] = (byte) (lba >>> 8);
        cdb[5] = (byte) lba;
        cdb[7] = (byte) (blocks >>> 8);
        cdb[8] = (byte) blocks;
        return cdb;
    }

    /** Sends one SCSI command and collects its data and status. */
    public Result command(long lun, byte[] cdb, int edtl, boolean read, byte[] writeData)
            throws IOException, InterruptedException {
        int tag = itt++;
        boolean write = writeData != null;
        int immediate = write ? Math.min(writeData.length, Math.min(maxSend, firstBurst())) : 0;
        boolean immediateOn = !"No".equals(negotiated.get("ImmediateData"));
        if (!immediateOn) {
            immediate = 0;
        }
        ByteBuf imm = immediate == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(writeData, 0, immediate);
        channel.writeAndFlush(new ScsiCommandPdu(false, true, read, write, 1, lun, tag, edtl, cmdSN++, expStatSN, cdb,
                -1, imm));
        ByteBuf in = Unpooled.buffer(Math.max(edtl, 0));
        try {
            while (true) {
                Pdu pdu = next();
                try {
                    switch (pdu) {
                        case R2tPdu r2t -> sendData(lun, tag, r2t, writeData);
                        case DataInPdu d -> {
                            in.setBytes(d.bufferOffset(), d.data(), d.data().readerIndex(), d.data().readableBytes());
                            in.writerIndex(Math.max(in.writerIndex(), d.bufferOffset() + d.data().readableBytes()));
                            if (d.statusPresent()) {
                                expStatSN = d.statSN() + 1;
                                return new Result(d.status(), ByteBufUtil.getBytes(in), null, d.residualCount(),
                                        d.underflow(), d.overflow());
                            }
                        }
                        case ScsiResponsePdu r -> {
                            expStatSN = r.statSN() + 1;
                            byte[] sense = null;
                            if (r.data().readableBytes() >= 2) {
                                sense = new byte[r.data().getUnsignedShort(r.data().readerIndex())];
                                r.data().getBytes(r.data().readerIndex() + 2, sense);
                            }
                            return new Result(r.status(), ByteBufUtil.getBytes(in), sense, r.residualCount(),
                                    r.underflow(), r.overflow());
                        }
                        default -> throw new IOException("unexpected " + pdu);
                    }
                } finally {
                    pdu.release();
                }
            }
        } finally {
            in.release();
        }
    }

    private int firstBurst() {
        String fb = negotiated.get("FirstBurstLength");
        return fb == null ? 65536 : Integer.parseInt(fb);
    }

    private void sendData(long lun, int tag, R2tPdu r2t, byte[] data) {
        int offset = r2t.bufferOffset();
        int end = offset + r2t.desiredDataTransferLength();
        int dataSN = 0;
        while (offset < end) {
            int len = Math.min(maxSend, end - offset);
            channel.write(new DataOutPdu(offset + len == end, lun, tag, r2t.targetTransferTag(), expStatSN, dataSN++,
                    offset, Unpooled.wrappedBuffer(data, offset, len)));
            offset += len;
        }
        channel.flush();
    }

    /** Sends a NOP-Out ping and returns the echoed data. */
    public byte[] ping(byte[] data) throws IOException, InterruptedException {
        int tag = itt++;
        channel.writeAndFlush(new NopOutPdu(false, 0, tag, Bhs.RESERVED_TAG, cmdSN++, expStatSN,
                Unpooled.wrappedBuffer(data)));
        Pdu pdu = next();
        try {
            if (!(pdu instanceof NopInPdu nop) || nop.initiatorTaskTag() != tag) {
                throw new IOException("expected NOP-In for " + tag + ", got " + pdu);
            }
            expStatSN = nop.statSN() + 1;
            return ByteBufUtil.getBytes(nop.data());
        } finally {
            pdu.release();
        }
    }

    /** SendTargets=All (or a value) and the response text. */
    public String sendTargets(String value) throws IOException, InterruptedException {
        int tag = itt++;
        channel.writeAndFlush(new TextRequestPdu(true, true, false, 0, tag, Bhs.RESERVED_TAG, cmdSN, expStatSN,
                Unpooled.copiedBuffer("SendTargets=" + value + "\0", StandardCharsets.US_ASCII)));
        Pdu pdu = next();
        try {
            if (!(pdu instanceof TextResponsePdu t)) {
                throw new IOException("expected Text Response, got " + pdu);
            }
            expStatSN = t.statSN() + 1;
            return t.data().toString(StandardCharsets.US_ASCII);
        } finally {
            pdu.release();
        }
    }

    /** Logout (close session) and wait for the response; returns its response code. */
    public int logout() throws IOException, InterruptedException {
        int tag = itt++;
        channel.writeAndFlush(new LogoutRequestPdu(true, 0, tag, 1, cmdSN, expStatSN, Unpooled.EMPTY_BUFFER));
        Pdu pdu = next();
        try {
            if (!(pdu instanceof LogoutResponsePdu l)) {
                throw new IOException("expected Logout Response, got " + pdu);
            }
            return l.response();
        } finally {
            pdu.release();
        }
    }

    /** Sends raw bytes (fuzzing). */
    public void sendRaw(ByteBuf bytes) {
        ChannelHandlerContext first = channel.pipeline().firstContext();
        if (first == null) { // the target closed the connection and the pipeline is gone
            bytes.release();
            return;
        }
        first.writeAndFlush(bytes);
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        for (Object o; (o = queue.poll()) != null; ) {
            ReferenceCountUtil.release(o);
        }
    }
}
