package org.snaptarget.scsi.sbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.snaptarget.scsi.TestTarget.bytes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.ScsiCommand;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.TestTarget;
import org.snaptarget.scsi.TestTarget.Outcome;

class ReadWriteTest {

    private static final int BLOCKS = 20000;
    private MemoryBlockDevice disk;
    private MemoryBlockDevice readOnly;
    private TestTarget target;

    @BeforeEach
    void setUp() {
        disk = new MemoryBlockDevice(BLOCKS);
        readOnly = new MemoryBlockDevice(64, 512, true);
        target = new TestTarget(Map.of(0L, disk, 1L, readOnly));
        target.clearAttention(TestTarget.NEXUS, 0);
        target.clearAttention(TestTarget.NEXUS, 1);
    }

    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    static byte[] cdb10(int opcode, int flags, long lba, int blocks) {
        return TestTarget.cdb10(opcode, flags, lba, blocks);
    }

    static byte[] cdb12(int opcode, int flags, long lba, long blocks) {
        return TestTarget.cdb12(opcode, flags, lba, blocks);
    }

    static byte[] cdb16(int opcode, int flags, long lba, long blocks) {
        return TestTarget.cdb16(opcode, flags, lba, blocks);
    }

    @Test
    void write10ThenRead10ReturnsTheData() {
        byte[] data = pattern(4 * 512, 7);
        target.run(0, cdb10(0x2A, 0, 100, 4), data.length, data).assertGood();
        Outcome o = target.run(0, cdb10(0x28, 0, 100, 4), data.length, null).assertGood();
        assertArrayEquals(data, o.data());
        assertEquals(data.length, o.transferLength());
    }

    @Test
    void sixTwelveAndSixteenByteFormsAddressTheSameBlocks() {
        byte[] data = pattern(3 * 512, 1);
        target.run(0, bytes(0x0A, 0x00, 0x01, 0x02, 3, 0), data.length, data).assertGood();           // WRITE(6) LBA 0x102
        assertArrayEquals(data, target.run(0, cdb12(0xA8, 0, 0x102, 3), data.length, null).assertGood().data());
        assertArrayEquals(data, target.run(0, cdb16(0x88, 0, 0x102, 3), data.length, null).assertGood().data());
        byte[] other = pattern(512, 9);
        target.run(0, cdb16(0x8A, 0, 0x103, 1), 512, other).assertGood();
        assertArrayEquals(other, target.run(0, bytes(0x08, 0, 0x01, 0x03, 1, 0), 512, null).assertGood().data());
    }

    @Test
    void sixByteTransferLengthZeroMeans256Blocks() {
        Outcome o = target.run(0, bytes(0x08, 0, 0, 0, 0, 0), 256 * 512, null).assertGood();
        assertEquals(256 * 512, o.data().length);
    }

    @Test
    void tenByteTransferLengthZeroMovesNothing() {
        Outcome o = target.run(0, cdb10(0x28, 0, 5, 0), 0, null).assertGood();
        assertNull(o.data());
        assertEquals(0, o.transferLength());
        target.run(0, cdb10(0x2A, 0, 5, 0), 0, null).assertGood();
        assertEquals(0, disk.writes.get());
    }

    @Test
    void rangeBeyondTheEndIsLbaOutOfRange() {
        target.run(0, cdb10(0x28, 0, BLOCKS - 1, 2), 1024, null).assertSense(5, 0x21, 0);
        target.run(0, cdb10(0x28, 0, BLOCKS + 1, 0), 0, null).assertSense(5, 0x21, 0);
        target.run(0, cdb10(0x28, 0, 0xFFFFFFFFL, 1), 512, null).assertSense(5, 0x21, 0);
        target.run(0, cdb16(0x88, 0, -1L, 1), 512, null).assertSense(5, 0x21, 0);
        target.run(0, cdb16(0x8A, 0, -2L, 4), 2048, new byte[2048]).assertSense(5, 0x21, 0);
        target.run(0, cdb10(0x28, 0, BLOCKS - 1, 1), 512, null).assertGood();
    }

    @Test
    void transferLongerThanMaximumIsInvalidFieldAtTransferLength() {
        long max = BlockLimits.maxTransferBlocks(512);
        target.run(0, cdb12(0xA8, 0, 0, max + 1), 0, null).assertInvalidCdbField(6, -1);
        target.run(0, cdb16(0x88, 0, 0, max + 1), 0, null).assertInvalidCdbField(10, -1);
    }

    @Test
    void fuaWriteIsDurableBeforeStatusAndPlainWriteIsNot() {
        target.run(0, cdb10(0x2A, 0x08, 0, 1), 512, new byte[512]).assertGood();
        int before = disk.fuaWrites.get() + disk.flushes.get();
        assertEquals(1, before, "one durable write (FUA) or flush for the FUA command");
        target.run(0, cdb10(0x2A, 0x00, 0, 1), 512, new byte[512]).assertGood();
        assertEquals(before, disk.fuaWrites.get() + disk.flushes.get());
    }

    @Test
    void dpoAndFuaAreAcceptedOnReads() {
        target.run(0, cdb10(0x28, 0x18, 0, 1), 512, null).assertGood();
    }

    @Test
    void protectionFieldsAreInvalidWithoutProtectionInformation() {
        target.run(0, cdb10(0x28, 0x20, 0, 1), 512, null).assertInvalidCdbField(1, 5);
        target.run(0, cdb10(0x2A, 0xE0, 0, 1), 512, new byte[512]).assertInvalidCdbField(1, 7);
    }

    @Test
    void writeToReadOnlyLunIsWriteProtectedAndReadWorks() {
        target.run(1, cdb10(0x2A, 0, 0, 1), 512, new byte[512]).assertSense(7, 0x27, 0x00);
        target.run(1, cdb10(0x28, 0, 0, 1), 512, null).assertGood();
        assertEquals(0, readOnly.writes.get());
    }

    @Test
    void writeWithLargerEdtlWritesOnlyTheCdbLength() {
        Arrays.fill(disk.bytes(), 0, 2048, (byte) 'a');
        byte[] data = new byte[2048];
        Arrays.fill(data, (byte) 'b');
        Outcome o = target.run(0, cdb10(0x2A, 0, 0, 1), 2048, data).assertGood();
        assertEquals(512, o.transferLength());
        assertEquals('b', disk.bytes()[511]);
        assertEquals('a', disk.bytes()[512]);
    }

    @Test
    void writeWithSmallerEdtlWritesOnlyWhatArrived() {
        Arrays.fill(disk.bytes(), 0, 1024, (byte) 'a');
        byte[] data = new byte[200];
        Arrays.fill(data, (byte) 'b');
        Outcome o = target.run(0, cdb10(0x2A, 0, 0, 2), 200, data).assertGood();
        assertEquals(1024, o.transferLength());
        assertEquals('b', disk.bytes()[199]);
        assertEquals('a', disk.bytes()[200]);
    }

    @Test
    void readWithSmallerEdtlReadsOnlyWhatTheInitiatorTakes() {
        byte[] data = pattern(1024, 3);
        System.arraycopy(data, 0, disk.bytes(), 0, 1024);
        Outcome o = target.run(0, cdb10(0x28, 0, 0, 2), 100, null).assertGood();
        assertArrayEquals(Arrays.copyOf(data, 100), o.data());
        assertEquals(1024, o.transferLength());
    }

    @Test
    void scatteredDataOutIsWrittenInOrder() {
        byte[] data = pattern(1536, 5);
        CompositeByteBuf out = Unpooled.compositeBuffer();
        out.addComponent(true, Unpooled.copiedBuffer(data, 0, 100));
        out.addComponent(true, Unpooled.directBuffer(1436).writeBytes(data, 100, 1436));
        ScsiCommand cmd = new ScsiCommand(TestTarget.NEXUS, 0, cdb10(0x2A, 0, 10, 3), org.snaptarget.scsi.TaskAttribute.SIMPLE,
                99, 1536, false, true, out);
        List<ScsiResponse> rs = new ArrayList<>();
        target.device.execute(cmd, rs::add);
        TestTarget.outcome(rs.get(0)).assertGood();
        assertEquals(0, out.refCnt(), "data-out released");
        assertArrayEquals(data, Arrays.copyOfRange(disk.bytes(), 10 * 512, 10 * 512 + 1536));
    }

    @Test
    void mediumFailuresBecomeMediumErrorsAndReleaseTheBuffers() {
        disk.failNext = new IOException("disk on fire");
        target.run(0, cdb10(0x28, 0, 0, 1), 512, null).assertSense(3, 0x11, 0x00);
        disk.failNext = new IOException("disk on fire");
        ByteBuf out = Unpooled.copiedBuffer(new byte[512]);
        List<ScsiResponse> rs = new ArrayList<>();
        target.device.execute(new ScsiCommand(TestTarget.NEXUS, 0, cdb10(0x2A, 0, 0, 1), org.snaptarget.scsi.TaskAttribute.SIMPLE,
                5, 512, false, true, out), rs::add);
        TestTarget.outcome(rs.get(0)).assertSense(3, 0x0C, 0x00);
        assertEquals(0, out.refCnt());
    }

    @Test
    void spaceExhaustionIsDataProtectSpaceAllocationFailed() {
        disk.failNext = new org.snaptarget.scsi.SpaceExhaustedException("store full");
        target.run(0, cdb10(0x2A, 0, 0, 1), 512, new byte[512]).assertSense(7, 0x27, 0x07);
    }
}
