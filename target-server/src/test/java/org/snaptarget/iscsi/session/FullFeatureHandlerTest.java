package org.snaptarget.iscsi.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.snaptarget.iscsi.codec.FramingError;
import org.snaptarget.iscsi.pdu.Bhs;
import org.snaptarget.iscsi.pdu.DataInPdu;
import org.snaptarget.iscsi.pdu.DataOutPdu;
import org.snaptarget.iscsi.pdu.LogoutRequestPdu;
import org.snaptarget.iscsi.pdu.LogoutResponsePdu;
import org.snaptarget.iscsi.pdu.NopInPdu;
import org.snaptarget.iscsi.pdu.NopOutPdu;
import org.snaptarget.iscsi.pdu.Pdu;
import org.snaptarget.iscsi.pdu.R2tPdu;
import org.snaptarget.iscsi.pdu.RejectPdu;
import org.snaptarget.iscsi.pdu.ScsiCommandPdu;
import org.snaptarget.iscsi.pdu.ScsiResponsePdu;
import org.snaptarget.iscsi.pdu.SnackRequestPdu;
import org.snaptarget.iscsi.pdu.TaskManagementRequestPdu;
import org.snaptarget.iscsi.pdu.TaskManagementResponsePdu;
import org.snaptarget.iscsi.pdu.TextRequestPdu;
import org.snaptarget.iscsi.pdu.TextResponsePdu;
import org.snaptarget.iscsi.testing.MemoryScsiDevice;
import org.snaptarget.iscsi.testing.NoLeaks;
import org.snaptarget.scsi.ItNexus;
import org.snaptarget.scsi.TaskManagementFunction;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Full-feature phase behaviour at the PDU level (RFC 7143 §4.2, §11), driven through an EmbeddedChannel. */
@ExtendWith(NoLeaks.class)
class FullFeatureHandlerTest {

    static final ItNexus NEXUS = new ItNexus("iqn.test:init,i,0x400001370001", "iqn.test:tgt,t,0x0001", 1);

    MemoryScsiDevice device = new MemoryScsiDevice(2048, Runnable::run);
    AtomicInteger closes = new AtomicInteger();
    EmbeddedChannel ch;
    int cmdSN = 1;

    EmbeddedChannel open(TransferSettings settings, boolean discovery) {
        SessionContext ctx = new SessionContext(discovery, discovery ? null : NEXUS, discovery ? null : device,
                settings, 1, 1, 100, text -> ("echo:" + new String(text, StandardCharsets.US_ASCII)).getBytes(),
                new KeepAliveSettings(Duration.ofMillis(200), Duration.ofMillis(600)), closes::incrementAndGet);
        ch = new EmbeddedChannel(new FullFeatureHandler(ctx));
        return ch;
    }

    @AfterEach
    void close() {
        device.release();
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
    }

    static byte[] cdb10(int op, int lba, int blocks) {
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

    ScsiCommandPdu read(int itt, int lba, int blocks, int edtl) {
        return new ScsiCommandPdu(false, true, true, false, 1, 0, itt, edtl, cmdSN++, 0, cdb10(0x28, lba, blocks), -1,
                Unpooled.EMPTY_BUFFER);
    }

    List<Pdu> out() {
        ch.runPendingTasks();
        List<Pdu> list = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            if (o instanceof Pdu pdu) {
                list.add(pdu);
            } else {
                io.netty.util.ReferenceCountUtil.release(o); // the empty buffer that closes after a flush
            }
        }
        return list;
    }

    static void releaseAll(List<Pdu> pdus) {
        pdus.forEach(Pdu::release);
    }

    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void writeWithImmediateUnsolicitedAndSolicitedDataIsReassembledInOrder() {
        open(new TransferSettings(8192, 8192, 16384, 16384, 2, false, true), false);
        byte[] data = pattern(65536, 1);
        ch.writeInbound(new ScsiCommandPdu(false, false, false, true, 1, 0, 0x10, data.length, cmdSN++, 0,
                cdb10(0x2a, 8, 128), -1, Unpooled.copiedBuffer(data, 0, 8192)));
        assertTrue(out().isEmpty(), "no R2T while unsolicited data may still come");
        ch.writeInbound(new DataOutPdu(true, 0, 0x10, Bhs.RESERVED_TAG, 0, 0, 8192,
                Unpooled.copiedBuffer(data, 8192, 8192)));
        List<Pdu> r2ts = out();
        assertEquals(2, r2ts.size(), "MaxOutstandingR2T=2");
        R2tPdu first = (R2tPdu) r2ts.get(0);
        R2tPdu second = (R2tPdu) r2ts.get(1);
        assertEquals(16384, first.bufferOffset());
        assertEquals(16384, first.desiredDataTransferLength());
        assertEquals(0, first.r2tSN());
        assertEquals(32768, second.bufferOffset());
        assertEquals(1, second.r2tSN());
        assertEquals(0x10, first.initiatorTaskTag());
        assertEquals(100, first.statSN(), "R2T carries the next StatSN without advancing it");
        // Windows-style wrong LUN in Data-Out must not matter
        ch.writeInbound(new DataOutPdu(false, 0x00ff_0000_0000_0000L, 0x10, first.targetTransferTag(), 0, 0, 16384,
                Unpooled.copiedBuffer(data, 16384, 8192)));
        ch.writeInbound(new DataOutPdu(true, 0, 0x10, first.targetTransferTag(), 0, 1, 24576,
                Unpooled.copiedBuffer(data, 24576, 8192)));
        List<Pdu> third = out();
        assertEquals(1, third.size());
        R2tPdu r3 = (R2tPdu) third.get(0);
        assertEquals(49152, r3.bufferOffset());
        assertEquals(2, r3.r2tSN());
        ch.writeInbound(new DataOutPdu(true, 0, 0x10, second.targetTransferTag(), 0, 0, 32768,
                Unpooled.copiedBuffer(data, 32768, 16384)));
        assertTrue(out().isEmpty());
        ch.writeInbound(new DataOutPdu(true, 0, 0x10, r3.targetTransferTag(), 0, 0, 49152,
                Unpooled.copiedBuffer(data, 49152, 16384)));
        List<Pdu> done = out();
        ScsiResponsePdu response = assertInstanceOf(ScsiResponsePdu.class, done.get(0));
        assertEquals(0, response.status());
        assertFalse(response.underflow() || response.overflow());
        assertEquals(3, response.expDataSN(), "ExpDataSN of a write = R2Ts sent");
        byte[] written = new byte[65536];
        System.arraycopy(device.disk(), 8 * 512, written, 0, written.length);
        assertArrayEquals(data, written);
        releaseAll(r2ts);
        releaseAll(third);
        releaseAll(done);
    }

    @Test
    void readIsSplitByInitiatorSegmentLengthWithStatusInTheLastDataIn() {
        open(new TransferSettings(8192, 8192, 16384, 16384, 1, false, true), false);
        byte[] data = pattern(65536, 2);
        System.arraycopy(data, 0, device.disk(), 0, data.length);
        ch.writeInbound(read(0x20, 0, 128, 65536));
        List<Pdu> pdus = out();
        assertEquals(8, pdus.size());
        ByteBuf all = Unpooled.buffer();
        for (int i = 0; i < 8; i++) {
            DataInPdu d = (DataInPdu) pdus.get(i);
            assertEquals(i, d.dataSN());
            assertEquals(i * 8192, d.bufferOffset());
            assertEquals(i % 2 == 1, d.finalFlag(), "F closes every MaxBurstLength sequence");
            assertEquals(i == 7, d.statusPresent());
            all.writeBytes(d.data(), d.data().readerIndex(), d.data().readableBytes());
        }
        DataInPdu last = (DataInPdu) pdus.get(7);
        assertEquals(100, last.statSN());
        assertEquals(0, last.status());
        assertArrayEquals(data, ByteBufUtil.getBytes(all));
        all.release();
        releaseAll(pdus);
    }

    @Test
    void residualUnderflowAndOverflowAreExact() {
        open(TransferSettings.defaults(), false);
        ch.writeInbound(read(1, 0, 1, 1024));
        List<Pdu> under = out();
        DataInPdu u = (DataInPdu) under.get(0);
        assertEquals(512, u.data().readableBytes());
        assertTrue(u.underflow() && !u.overflow());
        assertEquals(512, u.residualCount());
        ch.writeInbound(read(2, 0, 2, 512));
        List<Pdu> over = out();
        DataInPdu o = (DataInPdu) over.get(0);
        assertEquals(512, o.data().readableBytes(), "never more than EDTL");
        assertTrue(o.overflow() && !o.underflow());
        assertEquals(512, o.residualCount());
        releaseAll(under);
        releaseAll(over);
    }

    @Test
    void writeWithLargerEdtlThanTheCdbReportsUnderflowInTheResponse() {
        open(new TransferSettings(8192, 8192, 16384, 16384, 1, false, true), false);
        ch.writeInbound(new ScsiCommandPdu(false, true, false, true, 1, 0, 3, 1024, cmdSN++, 0, cdb10(0x2a, 0, 1), -1,
                Unpooled.wrappedBuffer(new byte[1024])));
        List<Pdu> pdus = out();
        ScsiResponsePdu r = (ScsiResponsePdu) pdus.get(0);
        assertTrue(r.underflow());
        assertEquals(512, r.residualCount());
        releaseAll(pdus);
    }

    @Test
    void checkConditionCarriesSenseWithLengthPrefix() {
        open(TransferSettings.defaults(), false);
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0xa7;
        ch.writeInbound(new ScsiCommandPdu(false, true, false, false, 1, 0, 9, 0, cmdSN++, 0, cdb, -1,
                Unpooled.EMPTY_BUFFER));
        List<Pdu> pdus = out();
        ScsiResponsePdu r = (ScsiResponsePdu) pdus.get(0);
        assertEquals(2, r.status());
        assertEquals(18, r.data().getUnsignedShort(0));
        assertEquals(0x20, r.data().getUnsignedByte(2 + 12));
        releaseAll(pdus);
    }

    @Test
    void nopOutPingIsEchoedWithItsData() {
        open(TransferSettings.defaults(), false);
        ch.writeInbound(new NopOutPdu(true, 0, 0x77, Bhs.RESERVED_TAG, cmdSN, 0, Unpooled.copiedBuffer("abc",
                StandardCharsets.US_ASCII)));
        List<Pdu> pdus = out();
        NopInPdu in = (NopInPdu) pdus.get(0);
        assertEquals(0x77, in.initiatorTaskTag());
        assertEquals(Bhs.RESERVED_TAG, in.targetTransferTag());
        assertEquals("abc", in.data().toString(StandardCharsets.US_ASCII));
        assertEquals(1, in.expCmdSN(), "an immediate ping does not advance ExpCmdSN");
        releaseAll(pdus);
    }

    @Test
    void commandsAreDeliveredInCmdSNOrderAndOutOfWindowOnesAreDropped() {
        open(TransferSettings.defaults(), false);
        ScsiCommandPdu c1 = read(1, 0, 1, 512);
        ScsiCommandPdu c2 = read(2, 1, 1, 512);
        ch.writeInbound(c2);
        assertTrue(out().isEmpty(), "CmdSN 2 waits for CmdSN 1");
        ch.writeInbound(c1);
        List<Pdu> pdus = out();
        assertEquals(2, pdus.size());
        assertEquals(1, pdus.get(0).initiatorTaskTag());
        assertEquals(2, pdus.get(1).initiatorTaskTag());
        assertEquals(3, ((DataInPdu) pdus.get(1)).expCmdSN());
        assertTrue(((DataInPdu) pdus.get(1)).maxCmdSN() - 3 >= 63, "window well above one command");
        ch.writeInbound(new ScsiCommandPdu(false, true, true, false, 1, 0, 5, 512, 1, 0, cdb10(0x28, 0, 1), -1,
                Unpooled.EMPTY_BUFFER));
        ch.writeInbound(new ScsiCommandPdu(false, true, true, false, 1, 0, 6, 512, 100_000, 0, cdb10(0x28, 0, 1), -1,
                Unpooled.EMPTY_BUFFER));
        assertTrue(out().isEmpty(), "stale and far-future CmdSNs are silently dropped");
        assertEquals(2, device.seen.size());
        releaseAll(pdus);
    }

    @Test
    void abortTaskDropsPendingWriteStateAndLateDataOutSilently() {
        open(new TransferSettings(8192, 8192, 16384, 16384, 1, true, true), false);
        ch.writeInbound(new ScsiCommandPdu(false, true, false, true, 1, 0, 0x30, 4096, cmdSN++, 0,
                cdb10(0x2a, 0, 8), -1, Unpooled.EMPTY_BUFFER));
        List<Pdu> r2t = out();
        assertInstanceOf(R2tPdu.class, r2t.get(0));
        ch.writeInbound(new TaskManagementRequestPdu(true, 1, 0, 0x31, 0x30, cmdSN, 0, 1, 0, Unpooled.EMPTY_BUFFER));
        List<Pdu> tmf = out();
        TaskManagementResponsePdu resp = (TaskManagementResponsePdu) tmf.get(0);
        assertEquals(0, resp.response());
        assertEquals(1, tmf.size(), "the aborted task gets no SCSI Response");
        ch.writeInbound(new DataOutPdu(true, 0, 0x30, ((R2tPdu) r2t.get(0)).targetTransferTag(), 0, 0, 0,
                Unpooled.wrappedBuffer(new byte[4096])));
        assertTrue(out().isEmpty(), "late data of an aborted task is dropped");
        ch.writeInbound(new DataOutPdu(true, 0, 0x99, 5, 0, 0, 0, Unpooled.wrappedBuffer(new byte[512])));
        List<Pdu> rej = out();
        assertEquals(RejectPdu.PROTOCOL_ERROR, ((RejectPdu) rej.get(0)).reason(), "data for a task never seen");
        assertTrue(device.seen.isEmpty());
        releaseAll(r2t);
        releaseAll(tmf);
        releaseAll(rej);
    }

    @Test
    void abortOfAnAlreadyCompletedTaskAnswersTaskDoesNotExist() {
        open(TransferSettings.defaults(), false);
        ch.writeInbound(read(0x40, 0, 1, 512));
        List<Pdu> done = out();
        ch.writeInbound(new TaskManagementRequestPdu(true, 1, 0, 0x41, 0x40, cmdSN, 0, cmdSN - 1, 0,
                Unpooled.EMPTY_BUFFER));
        List<Pdu> tmf = out();
        assertEquals(1, ((TaskManagementResponsePdu) tmf.get(0)).response());
        releaseAll(done);
        releaseAll(tmf);
    }

    @Test
    void dataSnOutOfSequenceFailsTheTaskWithDataPhaseError() {
        open(new TransferSettings(8192, 8192, 16384, 16384, 1, true, true), false);
        ch.writeInbound(new ScsiCommandPdu(false, true, false, true, 1, 0, 0x50, 1024, cmdSN++, 0,
                cdb10(0x2a, 0, 2), -1, Unpooled.EMPTY_BUFFER));
        List<Pdu> r2t = out();
        int ttt = ((R2tPdu) r2t.get(0)).targetTransferTag();
        ch.writeInbound(new DataOutPdu(false, 0, 0x50, ttt, 0, 0, 0, Unpooled.wrappedBuffer(new byte[512])));
        ch.writeInbound(new DataOutPdu(true, 0, 0x50, ttt, 0, 0, 512, Unpooled.wrappedBuffer(new byte[512])));
        List<Pdu> pdus = out();
        assertEquals(RejectPdu.PROTOCOL_ERROR, ((RejectPdu) pdus.get(0)).reason());
        ScsiResponsePdu r = (ScsiResponsePdu) pdus.get(1);
        assertEquals(2, r.status());
        assertEquals(0x0b, r.data().getByte(2 + 2), "ABORTED COMMAND");
        assertEquals(0x4b, r.data().getByte(2 + 12), "DATA PHASE ERROR");
        assertTrue(device.seen.isEmpty(), "nothing was written");
        releaseAll(r2t);
        releaseAll(pdus);
    }

    /** Sense the transport builds follows the LU's D_SENSE like every other sense (SPC-4 §4.5.1). */
    @Test
    void brokenDataPhaseSenseIsInDescriptorFormatWhenTheLuAsksForIt() {
        device.senseFormat = org.snaptarget.scsi.sense.SenseFormat.DESCRIPTOR;
        open(new TransferSettings(8192, 8192, 16384, 16384, 1, true, true), false);
        ch.writeInbound(new ScsiCommandPdu(false, true, false, true, 1, 0, 0x51, 1024, cmdSN++, 0,
                cdb10(0x2a, 0, 2), -1, Unpooled.EMPTY_BUFFER));
        List<Pdu> r2t = out();
        int ttt = ((R2tPdu) r2t.get(0)).targetTransferTag();
        ch.writeInbound(new DataOutPdu(true, 0, 0x51, ttt, 0, 0, 512, Unpooled.wrappedBuffer(new byte[512])));
        List<Pdu> pdus = out();
        ScsiResponsePdu r = (ScsiResponsePdu) pdus.get(1);
        assertEquals(2, r.status());
        assertEquals(0x72, r.data().getByte(2), "descriptor format, current error");
        assertEquals(0x0b, r.data().getByte(2 + 1), "ABORTED COMMAND");
        assertEquals(0x4b, r.data().getByte(2 + 2), "ASC 4Bh");
        assertEquals(0x05, r.data().getByte(2 + 3), "DATA OFFSET ERROR");
        releaseAll(r2t);
        releaseAll(pdus);
    }

    @Test
    void lunResetAbortsRunningTasksSilently() {
        open(TransferSettings.defaults(), false);
        device.hold(true);
        ch.writeInbound(read(1, 0, 1, 512));
        ch.writeInbound(new TaskManagementRequestPdu(true, 5, 0, 0x40, Bhs.RESERVED_TAG, cmdSN, 0, 0, 0,
                Unpooled.EMPTY_BUFFER));
        List<Pdu> pdus = out();
        assertEquals(1, pdus.size());
        assertEquals(0, ((TaskManagementResponsePdu) pdus.get(0)).response());
        assertEquals(List.of(TaskManagementFunction.LOGICAL_UNIT_RESET), device.tmfs);
        device.release();
        assertTrue(out().isEmpty());
        releaseAll(pdus);
    }

    @Test
    void taskThatFinishesDuringASuccessfulAbortGetsNoResponse() {
        open(TransferSettings.defaults(), false);
        device.hold(true);
        device.finishHeldThenAnswerAbort(0);
        ch.writeInbound(read(0x11, 0, 1, 512));
        ch.writeInbound(new TaskManagementRequestPdu(true, 1, 0, 0x12, 0x11, cmdSN, 0, cmdSN - 1, 0,
                Unpooled.EMPTY_BUFFER));
        List<Pdu> pdus = out();
        assertEquals(1, pdus.size(), "only the TMF response: the task counts as aborted");
        assertEquals(0, ((TaskManagementResponsePdu) pdus.get(0)).response());
        releaseAll(pdus);
    }

    @Test
    void taskThatFinishedBeforeTheAbortIsAnsweredBeforeTaskDoesNotExist() {
        open(TransferSettings.defaults(), false);
        device.hold(true);
        device.finishHeldThenAnswerAbort(1);
        ch.writeInbound(read(0x11, 0, 1, 512));
        ch.writeInbound(new TaskManagementRequestPdu(true, 1, 0, 0x12, 0x11, cmdSN, 0, cmdSN - 1, 0,
                Unpooled.EMPTY_BUFFER));
        List<Pdu> pdus = out();
        assertEquals(2, pdus.size());
        assertTrue(((DataInPdu) pdus.get(0)).statusPresent(), "the read's status comes first");
        assertEquals(1, ((TaskManagementResponsePdu) pdus.get(1)).response());
        releaseAll(pdus);
    }

    @Test
    void unknownTaskManagementFunctionIsNotSupported() {
        open(TransferSettings.defaults(), false);
        ch.writeInbound(new TaskManagementRequestPdu(true, 0x33, 0, 0x40, Bhs.RESERVED_TAG, cmdSN, 0, 0, 0,
                Unpooled.EMPTY_BUFFER));
        ch.writeInbound(new TaskManagementRequestPdu(true, 8, 0, 0x41, 5, cmdSN, 0, 0, 0, Unpooled.EMPTY_BUFFER));
        List<Pdu> pdus = out();
        assertEquals(5, ((TaskManagementResponsePdu) pdus.get(0)).response());
        assertEquals(4, ((TaskManagementResponsePdu) pdus.get(1)).response(), "TASK REASSIGN needs ERL 2");
        releaseAll(pdus);
    }

    @Test
    void logoutAnswersAndClosesTheConnection() {
        open(TransferSettings.defaults(), false);
        ch.writeInbound(new LogoutRequestPdu(true, 0, 0x50, 1, cmdSN, 0, Unpooled.EMPTY_BUFFER));
        List<Pdu> pdus = out();
        LogoutResponsePdu r = (LogoutResponsePdu) pdus.get(0);
        assertEquals(0, r.response());
        assertEquals(0, r.time2Wait());
        assertEquals(0, r.time2Retain());
        assertFalse(ch.isOpen());
        assertEquals(1, closes.get());
        assertEquals(List.of(NEXUS), device.lost);
        releaseAll(pdus);
    }

    @Test
    void logoutForAnotherCidOrForRecoveryIsRefused() {
        open(TransferSettings.defaults(), false);
        ch.writeInbound(new LogoutRequestPdu(true, 1, 0x50, 9, cmdSN, 0, Unpooled.EMPTY_BUFFER));
        ch.writeInbound(new LogoutRequestPdu(true, 2, 0x51, 1, cmdSN, 0, Unpooled.EMPTY_BUFFER));
        List<Pdu> pdus = out();
        assertEquals(1, ((LogoutResponsePdu) pdus.get(0)).response());
        assertEquals(2, ((LogoutResponsePdu) pdus.get(1)).response());
        assertTrue(ch.isOpen());
        releaseAll(pdus);
    }

    @Test
    void idleConnectionIsPingedAndClosedWithoutAnswer() throws InterruptedException {
        open(TransferSettings.defaults(), false);
        Thread.sleep(350);
        ch.advanceTimeBy(350, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        List<Pdu> pdus = out();
        NopInPdu ping = (NopInPdu) pdus.get(0);
        assertEquals(Bhs.RESERVED_TAG, ping.initiatorTaskTag());
        assertTrue(ping.targetTransferTag() != Bhs.RESERVED_TAG);
        Thread.sleep(700);
        ch.advanceTimeBy(700, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
        releaseAll(pdus);
    }

    @Test
    void answeredPingKeepsTheConnectionOpen() throws InterruptedException {
        open(TransferSettings.defaults(), false);
        Thread.sleep(250);
        ch.advanceTimeBy(250, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        List<Pdu> pdus = out();
        NopInPdu ping = (NopInPdu) pdus.get(0);
        ch.writeInbound(new NopOutPdu(true, 0, Bhs.RESERVED_TAG, ping.targetTransferTag(), cmdSN, 0,
                Unpooled.EMPTY_BUFFER));
        assertTrue(out().isEmpty(), "a ping answer gets no reply");
        Thread.sleep(150);
        ch.advanceTimeBy(150, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        releaseAll(pdus);
        releaseAll(out());
    }

    @Test
    void discoverySessionRejectsScsiCommandsButAnswersText() {
        open(TransferSettings.defaults(), true);
        ch.writeInbound(read(1, 0, 1, 512));
        ch.writeInbound(new TextRequestPdu(true, true, false, 0, 2, Bhs.RESERVED_TAG, cmdSN, 0,
                Unpooled.copiedBuffer("SendTargets=All\0", StandardCharsets.US_ASCII)));
        List<Pdu> pdus = out();
        assertEquals(RejectPdu.PROTOCOL_ERROR, ((RejectPdu) pdus.get(0)).reason());
        assertEquals(0x01, pdus.get(0).data().getByte(0), "the Reject carries the rejected BHS");
        TextResponsePdu t = (TextResponsePdu) pdus.get(1);
        assertTrue(t.finalFlag());
        assertEquals("echo:SendTargets=All\0", t.data().toString(StandardCharsets.US_ASCII));
        releaseAll(pdus);
    }

    @Test
    void longTextResponseIsHandedOutInContinuationParts() {
        open(new TransferSettings(512, 8192, 16384, 16384, 1, false, true), false);
        String key = "X=" + "y".repeat(1200) + "\0";
        ch.writeInbound(new TextRequestPdu(true, true, false, 0, 2, Bhs.RESERVED_TAG, cmdSN, 0,
                Unpooled.copiedBuffer(key, StandardCharsets.US_ASCII)));
        StringBuilder got = new StringBuilder();
        List<Pdu> all = new ArrayList<>();
        TextResponsePdu last;
        do {
            List<Pdu> pdus = out();
            all.addAll(pdus);
            last = (TextResponsePdu) pdus.get(0);
            got.append(last.data().toString(StandardCharsets.US_ASCII));
            if (last.continueFlag()) {
                ch.writeInbound(new TextRequestPdu(true, true, false, 0, 2, last.targetTransferTag(), cmdSN, 0,
                        Unpooled.EMPTY_BUFFER));
            }
        } while (last.continueFlag());
        assertTrue(last.finalFlag());
        assertEquals(3, all.size());
        assertEquals("echo:" + key, got.toString());
        releaseAll(all);
    }

    @Test
    void maxRecvDataSegmentLengthDeclaredInATextRequestAppliesToLaterDataIn() {
        TextResponder responder = new TextResponder() {
            @Override
            public byte[] respond(byte[] requestText) {
                return new byte[0];
            }

            @Override
            public java.util.OptionalInt declaredMaxRecvDataSegmentLength() {
                return java.util.OptionalInt.of(512);
            }
        };
        ch = new EmbeddedChannel(new FullFeatureHandler(new SessionContext(false, NEXUS, device,
                TransferSettings.defaults(), 1, 1, 100, responder, KeepAliveSettings.defaults(), () -> { })));
        ch.writeInbound(new TextRequestPdu(true, true, false, 0, 2, Bhs.RESERVED_TAG, cmdSN, 0,
                Unpooled.copiedBuffer("MaxRecvDataSegmentLength=512\0", StandardCharsets.US_ASCII)));
        List<Pdu> text = out();
        ch.writeInbound(read(3, 0, 4, 2048));
        List<Pdu> pdus = out();
        assertEquals(4, pdus.size(), "2048 bytes in 512-byte Data-In PDUs");
        releaseAll(text);
        releaseAll(pdus);
    }

    @Test
    void snackAtErrorRecoveryLevelZeroIsRejected() {
        open(TransferSettings.defaults(), false);
        ch.writeInbound(new SnackRequestPdu(1, 0, Bhs.RESERVED_TAG, Bhs.RESERVED_TAG, 0, 0, 0, Unpooled.EMPTY_BUFFER));
        List<Pdu> pdus = out();
        assertEquals(RejectPdu.PROTOCOL_ERROR, ((RejectPdu) pdus.get(0)).reason());
        assertEquals(100, ((RejectPdu) pdus.get(0)).statSN());
        releaseAll(pdus);
    }

    @Test
    void dataDigestErrorOnDataOutRejectsAndFailsTheTask() {
        open(new TransferSettings(8192, 8192, 16384, 16384, 1, true, true), false);
        ch.writeInbound(new ScsiCommandPdu(false, true, false, true, 1, 0, 0x60, 512, cmdSN++, 0,
                cdb10(0x2a, 0, 1), -1, Unpooled.EMPTY_BUFFER));
        List<Pdu> r2t = out();
        byte[] header = new byte[48];
        header[0] = 0x05;
        header[19] = 0x60;
        ch.writeInbound(new FramingError(FramingError.Kind.DATA_DIGEST, header, "test"));
        List<Pdu> pdus = out();
        assertEquals(RejectPdu.DATA_DIGEST_ERROR, ((RejectPdu) pdus.get(0)).reason());
        ScsiResponsePdu r = (ScsiResponsePdu) pdus.get(1);
        assertEquals(2, r.status());
        assertEquals(0x0b, r.data().getByte(2 + 2), "ABORTED COMMAND");
        assertEquals(0x47, r.data().getByte(2 + 12), "PROTOCOL SERVICE CRC ERROR");
        releaseAll(r2t);
        releaseAll(pdus);
    }

    @Test
    void headerDigestErrorClosesTheConnection() {
        open(TransferSettings.defaults(), false);
        ch.writeInbound(new FramingError(FramingError.Kind.HEADER_DIGEST, new byte[48], "test"));
        assertFalse(ch.isOpen());
    }

    @Test
    void immediateDataBeyondFirstBurstIsRejected() {
        open(new TransferSettings(65536, 65536, 65536, 4096, 1, false, true), false);
        ch.writeInbound(new ScsiCommandPdu(false, true, false, true, 1, 0, 0x70, 8192, cmdSN++, 0,
                cdb10(0x2a, 0, 16), -1, Unpooled.wrappedBuffer(new byte[8192])));
        List<Pdu> pdus = out();
        assertEquals(RejectPdu.PROTOCOL_ERROR, ((RejectPdu) pdus.get(0)).reason());
        releaseAll(pdus);
    }

    @Test
    void writeLargerThanTheTargetBuffersFailsWithoutCollectingData() {
        open(TransferSettings.defaults(), false);
        ch.writeInbound(new ScsiCommandPdu(false, false, false, true, 1, 0, 0x80, FullFeatureHandler.MAX_WRITE_LENGTH + 512,
                cmdSN++, 0, cdb10(0x2a, 0, 0xffff), -1, Unpooled.wrappedBuffer(new byte[8192])));
        ch.writeInbound(new DataOutPdu(false, 0, 0x80, Bhs.RESERVED_TAG, 0, 0, 8192,
                Unpooled.wrappedBuffer(new byte[8192])));
        List<Pdu> pdus = out();
        assertEquals(1, pdus.size(), "one CHECK CONDITION, the unsolicited data is dropped");
        ScsiResponsePdu r = (ScsiResponsePdu) pdus.get(0);
        assertEquals(2, r.status());
        assertEquals(0x24, r.data().getByte(2 + 12), "INVALID FIELD IN CDB");
        assertTrue(device.seen.isEmpty());
        releaseAll(pdus);
    }

    @Test
    void completionsFromAnotherThreadHopBackToTheEventLoop() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            device = new MemoryScsiDevice(64, pool);
            open(TransferSettings.defaults(), false);
            ch.writeInbound(read(1, 0, 1, 512));
            pool.submit(() -> { }).get();
            List<Pdu> pdus = new ArrayList<>();
            for (int i = 0; i < 100 && pdus.isEmpty(); i++) {
                ch.runPendingTasks();
                pdus.addAll(out());
                Thread.sleep(5);
            }
            assertEquals(1, pdus.size());
            assertTrue(((DataInPdu) pdus.get(0)).statusPresent());
            releaseAll(pdus);
        } finally {
            pool.shutdownNow();
        }
    }
}
