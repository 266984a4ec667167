package org.snaptarget.scsi.sbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.snaptarget.scsi.sbc.ReadWriteTest.cdb10;
import static org.snaptarget.scsi.sbc.ReadWriteTest.cdb16;
import static org.snaptarget.scsi.sbc.ReadWriteTest.pattern;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.TestTarget;
import org.snaptarget.scsi.TestTarget.Outcome;

/** WRITE SAME, UNMAP and GET LBA STATUS against a memory device. */
class ThinProvisioningTest {

    private static final int BLOCKS = 4096;
    private MemoryBlockDevice disk;
    private TestTarget target;

    @BeforeEach
    void setUp() {
        disk = new MemoryBlockDevice(BLOCKS);
        target = new TestTarget(Map.of(0L, disk, 1L, new MemoryBlockDevice(64, 512, true)));
        target.clearAttention(TestTarget.NEXUS, 0);
        target.clearAttention(TestTarget.NEXUS, 1);
    }

    private byte[] medium(long lba, int blocks) {
        return Arrays.copyOfRange(disk.bytes(), (int) lba * 512, (int) (lba + blocks) * 512);
    }

    @Test
    void writeSame10RepeatsTheBlockOverTheRange() {
        byte[] block = pattern(512, 4);
        target.run(0, cdb10(0x41, 0, 10, 5), 512, block).assertGood();
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(block, medium(10 + i, 1));
        }
        assertArrayEquals(new byte[512], medium(15, 1));
    }

    @Test
    void writeSame16OverMoreThanOneChunk() {
        byte[] block = pattern(512, 8);
        target.run(0, cdb16(0x93, 0, 0, 3000), 512, block).assertGood();
        target.run(0, cdb16(0x93, 0, 0, BlockLimits.maxWriteSameBlocks(512) + 1), 512, block).assertInvalidCdbField(10, -1);
        assertArrayEquals(block, medium(2999, 1));
        assertArrayEquals(new byte[512], medium(3000, 1));
    }

    @Test
    void writeSameWithUnmapAndZeroBlockDeallocates() {
        Arrays.fill(disk.bytes(), (byte) 1);
        target.run(0, cdb16(0x93, 0x08, 8, 16), 512, new byte[512]).assertGood();
        assertArrayEquals(new byte[16 * 512], medium(8, 16));
        assertEquals(1, medium(24, 1)[0]);
    }

    @Test
    void writeSameWithUnmapButNonZeroDataWritesTheData() {
        byte[] block = pattern(512, 2);
        target.run(0, cdb10(0x41, 0x08, 0, 2), 512, block).assertGood();
        assertArrayEquals(block, medium(1, 1));
    }

    @Test
    void writeSame16NdobWritesZerosWithoutDataOut() {
        Arrays.fill(disk.bytes(), (byte) 1);
        target.run(0, cdb16(0x93, 0x01, 4, 4), 0, null).assertGood();
        assertArrayEquals(new byte[4 * 512], medium(4, 4));
        target.run(0, cdb16(0x93, 0x09, 0, 4), 0, null).assertGood();
        assertArrayEquals(new byte[4 * 512], medium(0, 4));
    }

    @Test
    void writeSameChecksZeroBlocksRangeDataAndAnchor() {
        target.run(0, cdb10(0x41, 0, 0, 0), 512, new byte[512]).assertInvalidCdbField(7, -1);
        target.run(0, cdb16(0x93, 0, 0, 0), 512, new byte[512]).assertInvalidCdbField(10, -1);
        target.run(0, cdb10(0x41, 0, BLOCKS - 1, 2), 512, new byte[512]).assertSense(5, 0x21, 0);
        target.run(0, cdb10(0x41, 0, 0, 1), 100, new byte[100]).assertSense(5, 0x1A, 0);
        target.run(0, cdb10(0x41, 0, 0, 1), 1024, new byte[1024]).assertSense(5, 0x1A, 0);
        target.run(0, cdb10(0x41, 0x10, 0, 1), 512, new byte[512]).assertInvalidCdbField(1, 4);
        target.run(1, cdb10(0x41, 0, 0, 1), 512, new byte[512]).assertSense(7, 0x27, 0);
    }

    static byte[] unmapList(long... lbaAndCount) {
        int n = lbaAndCount.length / 2;
        byte[] p = new byte[8 + 16 * n];
        p[0] = (byte) ((6 + 16 * n) >>> 8);
        p[1] = (byte) (6 + 16 * n);
        p[2] = (byte) ((16 * n) >>> 8);
        p[3] = (byte) (16 * n);
        for (int i = 0; i < n; i++) {
            long lba = lbaAndCount[2 * i];
            long count = lbaAndCount[2 * i + 1];
            for (int b = 0; b < 8; b++) {
                p[8 + 16 * i + b] = (byte) (lba >>> (56 - 8 * b));
            }
            for (int b = 0; b < 4; b++) {
                p[16 + 16 * i + b] = (byte) (count >>> (24 - 8 * b));
            }
        }
        return p;
    }

    private Outcome unmap(long lun, byte[] list, int parameterListLength) {
        return target.run(lun, TestTarget.bytes(0x42, 0, 0, 0, 0, 0, 0, parameterListLength >>> 8, parameterListLength & 0xFF, 0),
                list.length, list);
    }

    @Test
    void unmapDeallocatesEveryDescriptorRange() {
        Arrays.fill(disk.bytes(), (byte) 7);
        byte[] list = unmapList(0, 2, 100, 8);
        unmap(0, list, list.length).assertGood();
        assertArrayEquals(new byte[1024], medium(0, 2));
        assertEquals(7, medium(2, 1)[0]);
        assertArrayEquals(new byte[8 * 512], medium(100, 8));
    }

    @Test
    void unmapParameterListChecks() {
        unmap(0, new byte[0], 0).assertGood();
        unmap(0, new byte[7], 7).assertSense(5, 0x1A, 0);
        byte[] lying = unmapList(0, 1);
        lying[3] = 32;                                        // claims two descriptors, has one
        unmap(0, lying, lying.length).assertSense(5, 0x1A, 0);
        unmap(0, unmapList(BLOCKS - 1, 2), 24).assertSense(5, 0x21, 0);
        long[] many = new long[2 * (BlockLimits.MAX_UNMAP_DESCRIPTORS + 1)];
        for (int i = 0; i < many.length / 2; i++) {
            many[2 * i] = i;
            many[2 * i + 1] = 1;
        }
        byte[] tooMany = unmapList(many);
        unmap(0, tooMany, tooMany.length).assertSense(5, 0x26, 0);
        unmap(1, unmapList(0, 1), 24).assertSense(7, 0x27, 0);
    }

    @Test
    void unmapValidatesEveryDescriptorBeforeUnmappingAny() {
        Arrays.fill(disk.bytes(), (byte) 7);
        byte[] list = unmapList(0, 1, BLOCKS, 1);
        unmap(0, list, list.length).assertSense(5, 0x21, 0);
        assertEquals(7, medium(0, 1)[0]);
    }

    @Test
    void blockLimitsAdvertiseUnmapAndProvisioningPageAdvertisesLbpuAndLbpws() {
        byte[] b0 = target.run(0, 0x12, 1, 0xB0, 0, 255, 0).assertGood().data();
        assertEquals(BlockLimits.maxUnmapBlocks(512), TestTarget.u32(b0, 20));
        assertEquals(BlockLimits.MAX_UNMAP_DESCRIPTORS, TestTarget.u32(b0, 24));
        assertEquals(8, TestTarget.u32(b0, 28), "optimal unmap granularity from the device");
        assertEquals(0x80, b0[32] & 0x80, "UGAVALID");
        assertEquals(BlockLimits.MAX_COMPARE_AND_WRITE_BLOCKS, b0[5] & 0xFF);
        assertEquals(BlockLimits.maxWriteSameBlocks(512), TestTarget.u32(b0, 40));
        byte[] b2 = target.run(0, 0x12, 1, 0xB2, 0, 255, 0).assertGood().data();
        assertEquals(0x80 | 0x40 | 0x20 | 0x04, b2[5] & 0xFF, "LBPU LBPWS LBPWS10 LBPRZ");
    }

    private Outcome getLbaStatus(long lba, int alloc) {
        byte[] c = cdb16(0x9E, 0x12, lba, alloc);
        return target.run(0, c, alloc, null);
    }

    @Test
    void getLbaStatusReportsRunsFromTheDevice() {
        MemoryBlockDevice runs = new MemoryBlockDevice(64) {
            @Override
            public ProvisioningStatus provisioningStatus(long offset, long maxLength) {
                long block = offset / 512;
                return block < 16 ? new ProvisioningStatus(false, (16 - block) * 512) : new ProvisioningStatus(true, maxLength);
            }
        };
        target = new TestTarget(Map.of(0L, runs));
        target.clearAttention(TestTarget.NEXUS, 0);
        byte[] d = getLbaStatus(4, 4096).assertGood().data();
        assertEquals(8 + 32, d.length);
        assertEquals(36, TestTarget.u32(d, 0));
        assertEquals(4, TestTarget.u32(d, 12));
        assertEquals(12, TestTarget.u32(d, 16));
        assertEquals(1, d[20], "deallocated");
        assertEquals(16, TestTarget.u32(d, 28));
        assertEquals(48, TestTarget.u32(d, 32));
        assertEquals(0, d[36], "mapped");
        assertEquals(24, getLbaStatus(4, 24).assertGood().data().length, "one descriptor fits");
    }

    @Test
    void getLbaStatusJoinsARunReportedInPartsIntoOneDescriptor() {
        MemoryBlockDevice bounded = new MemoryBlockDevice(64) {
            @Override
            public ProvisioningStatus provisioningStatus(long offset, long maxLength) {
                long block = offset / 512;
                boolean mapped = block < 21 || block >= 40;
                long runEnd = block < 21 ? 21 : block < 40 ? 40 : 64;
                return new ProvisioningStatus(mapped, Math.min(maxLength, Math.min(8, runEnd - block) * 512));
            }
        };
        target = new TestTarget(Map.of(0L, bounded));
        target.clearAttention(TestTarget.NEXUS, 0);
        byte[] d = getLbaStatus(5, 8 + 3 * 16).assertGood().data();
        assertEquals(8 + 3 * 16, d.length, "one descriptor per run, not per part");
        long[][] expected = {{5, 16, 0}, {21, 19, 1}, {40, 24, 0}};
        for (int i = 0; i < 3; i++) {
            int at = 8 + 16 * i;
            assertEquals(expected[i][0], TestTarget.u32(d, at + 4), "descriptor " + i + " LBA");
            assertEquals(expected[i][1], TestTarget.u32(d, at + 8), "descriptor " + i + " length");
            assertEquals(expected[i][2], d[at + 12], "descriptor " + i + " status");
        }
        byte[] one = getLbaStatus(5, 8 + 16).assertGood().data();
        assertEquals(8 + 16, one.length, "the allocation length bounds the descriptors");
        assertEquals(16, TestTarget.u32(one, 16), "the one descriptor still covers the whole first run");
    }

    @Test
    void getLbaStatusPastTheEndIsLbaOutOfRange() {
        getLbaStatus(BLOCKS, 64).assertSense(5, 0x21, 0);
        getLbaStatus(BLOCKS - 1, 64).assertGood();
    }

    @Test
    void preFetchChecksTheRangeOnly() {
        target.run(0, 0x34, 0, 0, 0, 0, 0, 0, 0, 10, 0).assertGood();
        target.run(0, 0x34, 0, 0, 0, 0x10, 0, 0, 0, 10, 0).assertSense(5, 0x21, 0);
        target.run(0, cdb16(0x90, 0x02, BLOCKS - 1, 1), 0, null).assertGood();
    }

    @Test
    void preventAllowAcceptsPreventAndAllowOnly() {
        target.run(0, 0x1E, 0, 0, 0, 1, 0).assertGood();
        target.run(0, 0x1E, 0, 0, 0, 0, 0).assertGood();
        target.run(0, 0x1E, 0, 0, 0, 2, 0).assertInvalidCdbField(4, 1);
    }
}
