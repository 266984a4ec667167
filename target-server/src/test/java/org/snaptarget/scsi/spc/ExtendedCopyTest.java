package org.snaptarget.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;

import io.netty.buffer.UnpooledByteBufAllocator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.scsi.DeviceIdentity;
import org.snaptarget.scsi.LogicalUnitTable;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.TargetInfo;
import org.snaptarget.scsi.TestTarget;
import org.snaptarget.scsi.TestTarget.Outcome;

class ExtendedCopyTest {

    /** A memory device with its own NAA, so several LUs can be told apart. */
    static final class NamedDevice extends MemoryBlockDevice {
        private final DeviceIdentity id;

        NamedDevice(long naaLow, boolean readOnly) {
            super(256, 512, readOnly);
            this.id = new DeviceIdentity((5L << 60) | naaLow, "SN" + naaLow);
        }

        @Override
        public DeviceIdentity identity() {
            return id;
        }
    }

    private NamedDevice src;
    private NamedDevice dst;
    private NamedDevice hidden;
    private NamedDevice readOnly;
    private TestTarget target;

    @BeforeEach
    void setUp() {
        src = new NamedDevice(1, false);
        dst = new NamedDevice(2, false);
        hidden = new NamedDevice(3, false);
        readOnly = new NamedDevice(4, true);
        LogicalUnitTable masked = new LogicalUnitTable(Map.of(0L, src, 1L, dst, 2L, hidden, 3L, readOnly), Runnable::run,
                TargetInfo.SNAPTARGET, new UnpooledByteBufAllocator(false), (nexus, lun) -> lun != 2 || nexus.equals(TestTarget.OTHER));
        target = new TestTarget(masked);
        for (long lun : new long[] {0, 1, 3}) {
            target.clearAttention(TestTarget.NEXUS, lun);
        }
        new java.util.Random(3).nextBytes(src.bytes());
        new java.util.Random(4).nextBytes(hidden.bytes());
    }

    static byte[] e4(long naa, int blockSize) {
        byte[] d = new byte[32];
        d[0] = (byte) 0xE4;
        d[4] = 0x01;                    // binary
        d[5] = 0x03;                    // association LU, NAA
        d[7] = 8;
        for (int i = 0; i < 8; i++) {
            d[8 + i] = (byte) (naa >>> (56 - 8 * i));
        }
        d[29] = (byte) (blockSize >>> 16);
        d[30] = (byte) (blockSize >>> 8);
        d[31] = (byte) blockSize;
        return d;
    }

    static byte[] segment(int src, int dst, int blocks, long srcLba, long dstLba) {
        byte[] d = new byte[28];
        d[0] = 0x02;
        d[3] = 0x18;
        d[5] = (byte) src;
        d[7] = (byte) dst;
        d[10] = (byte) (blocks >>> 8);
        d[11] = (byte) blocks;
        for (int i = 0; i < 8; i++) {
            d[12 + i] = (byte) (srcLba >>> (56 - 8 * i));
            d[20 + i] = (byte) (dstLba >>> (56 - 8 * i));
        }
        return d;
    }

    static byte[] list(byte[][] cscds, byte[][] segments) {
        int cl = 32 * cscds.length;
        int sl = 28 * segments.length;
        byte[] p = new byte[16 + cl + sl];
        p[2] = (byte) (cl >>> 8);
        p[3] = (byte) cl;
        p[10] = (byte) (sl >>> 8);
        p[11] = (byte) sl;
        int at = 16;
        for (byte[] c : cscds) {
            System.arraycopy(c, 0, p, at, 32);
            at += 32;
        }
        for (byte[] s : segments) {
            System.arraycopy(s, 0, p, at, 28);
            at += 28;
        }
        return p;
    }

    private Outcome xcopy(long lun, byte[] p) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x83;
        cdb[13] = (byte) p.length;
        cdb[12] = (byte) (p.length >>> 8);
        return target.run(lun, cdb, p.length, p);
    }

    private static byte[] blocks(MemoryBlockDevice d, long lba, int n) {
        return Arrays.copyOfRange(d.bytes(), (int) lba * 512, (int) (lba + n) * 512);
    }

    @Test
    void copiesBetweenTwoLunsByteForByte() {
        byte[] p = list(new byte[][] {e4(src.identity().naa(), 512), e4(dst.identity().naa(), 512)},
                new byte[][] {segment(0, 1, 100, 10, 50), segment(0, 1, 5, 0, 0)});
        xcopy(1, p).assertGood();
        assertArrayEquals(blocks(src, 10, 100), blocks(dst, 50, 100));
        assertArrayEquals(blocks(src, 0, 5), blocks(dst, 0, 5));
        assertArrayEquals(new byte[512], blocks(dst, 150, 1));
    }

    @Test
    void overlappingCopyWithinOneLunKeepsTheSourceImage() {
        byte[] before = blocks(src, 0, 64);
        byte[] p = list(new byte[][] {e4(src.identity().naa(), 512)}, new byte[][] {segment(0, 0, 64, 0, 8)});
        xcopy(0, p).assertGood();
        assertArrayEquals(before, blocks(src, 8, 64));
    }

    @Test
    void refusedTowardALunHiddenFromTheInitiator() {
        byte[] p = list(new byte[][] {e4(hidden.identity().naa(), 512), e4(dst.identity().naa(), 512)},
                new byte[][] {segment(0, 1, 4, 0, 0)});
        xcopy(1, p).assertSense(0x0A, 0x0D, 0x02);
        assertArrayEquals(new byte[4 * 512], blocks(dst, 0, 4));
        byte[] toHidden = list(new byte[][] {e4(src.identity().naa(), 512), e4(hidden.identity().naa(), 512)},
                new byte[][] {segment(0, 1, 4, 0, 0)});
        byte[] before = blocks(hidden, 0, 4);
        xcopy(0, toHidden).assertSense(0x0A, 0x0D, 0x02);
        assertArrayEquals(before, blocks(hidden, 0, 4));
        target.run(TestTarget.NEXUS, 2, TestTarget.bytes(0, 0, 0, 0, 0, 0), 0, null).assertSense(5, 0x25, 0);
    }

    @Test
    void unknownNaaIsNotReachable() {
        byte[] p = list(new byte[][] {e4((5L << 60) | 99, 512), e4(dst.identity().naa(), 512)}, new byte[][] {segment(0, 1, 1, 0, 0)});
        xcopy(1, p).assertSense(0x0A, 0x0D, 0x02);
    }

    @Test
    void descriptorChecksHappenBeforeAnyBlockMoves() {
        byte[][] cscds = {e4(src.identity().naa(), 512), e4(dst.identity().naa(), 512)};
        Outcome beyond = xcopy(1, list(cscds, new byte[][] {segment(0, 1, 1, 0, 0), segment(0, 1, 2, 255, 0)}));
        beyond.assertSense(0x0A, 0x00, 0);
        assertEquals(0x80, beyond.sense()[15] & 0xFF, "SKSV, segment pointer relative to the parameter list");
        assertEquals(16 + 64 + 28 + 10, TestTarget.u16(beyond.sense(), 16), "points at the second segment's NUMBER OF BLOCKS");
        assertArrayEquals(new byte[512], blocks(dst, 0, 1));
        byte[] badSegment = segment(0, 1, 1, 0, 0);
        badSegment[0] = 0x0A;
        xcopy(1, list(cscds, new byte[][] {badSegment})).assertSense(5, 0x26, 0x09);
        byte[] badCscd = e4(src.identity().naa(), 512);
        badCscd[0] = (byte) 0xE0;
        xcopy(1, list(new byte[][] {badCscd}, new byte[][] {})).assertSense(5, 0x26, 0x07);
        xcopy(1, list(cscds, new byte[][] {segment(0, 5, 1, 0, 0)})).assertSense(0x0A, 0x0D, 0x02);
        xcopy(1, list(new byte[][] {e4(src.identity().naa(), 4096)}, new byte[][] {})).assertSense(5, 0x26, 0);
        byte[][] nine = new byte[9][];
        Arrays.fill(nine, e4(src.identity().naa(), 512));
        xcopy(1, list(nine, new byte[][] {})).assertSense(5, 0x26, 0x06);
        xcopy(1, list(new byte[][] {e4(src.identity().naa(), 512), e4(readOnly.identity().naa(), 512)},
                new byte[][] {segment(0, 1, 1, 0, 0)})).assertSense(7, 0x27, 0);
    }

    @Test
    void descriptorListsLongerThanAdvertisedAreParameterListLengthErrors() {
        byte[][] nine = new byte[9][];
        Arrays.fill(nine, e4(src.identity().naa(), 512));
        byte[][] seventeen = new byte[17][];
        Arrays.fill(seventeen, segment(0, 0, 1, 0, 1));
        xcopy(0, list(nine, seventeen)).assertSense(5, 0x1A, 0);
        xcopy(0, list(new byte[][] {e4(src.identity().naa(), 512)}, seventeen)).assertSense(5, 0x26, 0x08);
    }

    private Outcome copyStatus(int listId) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x84;
        cdb[2] = (byte) listId;
        cdb[13] = 64;
        return target.run(1, cdb, 64, null);
    }

    @Test
    void copyStatusReportsTheLastCopyOfAListIdentifier() {
        copyStatus(7).assertInvalidCdbField(2, -1);
        byte[] p = list(new byte[][] {e4(src.identity().naa(), 512), e4(dst.identity().naa(), 512)},
                new byte[][] {segment(0, 1, 3, 0, 0)});
        p[0] = 7;
        xcopy(1, p).assertGood();
        byte[] d = copyStatus(7).assertGood().data();
        assertEquals(8, TestTarget.u32(d, 0));
        assertEquals(0, d[4], "completed without errors");
        assertEquals(1, TestTarget.u16(d, 5));
        assertEquals(3 * 512, TestTarget.u32(d, 8));
        copyStatus(8).assertInvalidCdbField(2, -1);
    }

    @Test
    void emptyParameterListDoesNothing() {
        xcopy(0, new byte[0]).assertGood();
    }

    @Test
    void operatingParametersAndThirdPartyCopyBit() {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x84;
        cdb[1] = 0x03;
        cdb[13] = (byte) 255;
        byte[] d = target.run(0, cdb, 255, null).assertGood().data();
        assertEquals(d.length - 4, TestTarget.u32(d, 0));
        assertEquals(ExtendedCopy.MAX_CSCD_DESCRIPTORS, TestTarget.u16(d, 8));
        assertEquals(ExtendedCopy.MAX_SEGMENT_DESCRIPTORS, TestTarget.u16(d, 10));
        assertEquals(2, d[43]);
        assertEquals(0x02, d[44]);
        assertEquals((byte) 0xE4, d[45]);
        byte[] inq = target.run(0, 0x12, 0, 0, 0, 36, 0).assertGood().data();
        assertEquals(0x08, inq[5] & 0x08, "3PC");
    }
}
