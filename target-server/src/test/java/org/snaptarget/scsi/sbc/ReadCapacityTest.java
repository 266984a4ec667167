package org.snaptarget.scsi.sbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.scsi.DeviceIdentity;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.TestTarget;

class ReadCapacityTest {

    /** A huge device that is never read: only its geometry matters. */
    private static final class HugeDevice implements BlockDevice {
        public long size() { return (1L << 33) * 512; }
        public int blockSize() { return 512; }
        public boolean readOnly() { return false; }
        public DeviceIdentity identity() { return new DeviceIdentity(0x5000000000000001L, "HUGE"); }
        public boolean thinProvisioned() { return false; }
        public boolean unmapReadsZero() { return false; }
        public int unmapGranularityBlocks() { return 8; }
        public int physicalBlockExponent() { return 3; }
        public void read(long offset, ByteBuffer dst) throws IOException { throw new IOException("not readable"); }
        public void write(long offset, ByteBuffer src, boolean fua) throws IOException { throw new IOException("not writable"); }
        public void flush() { }
        public void unmap(long offset, long length) { }
        public void close() { }
    }

    private TestTarget target;

    @BeforeEach
    void setUp() {
        target = new TestTarget(Map.of(0L, new MemoryBlockDevice(2048), 1L, new HugeDevice(), 2L, new MemoryBlockDevice(256, 4096, false)));
        for (long lun = 0; lun < 3; lun++) {
            target.clearAttention(TestTarget.NEXUS, lun);
        }
    }

    @Test
    void readCapacity10ReportsLastLbaAndBlockLength() {
        byte[] d = target.run(0, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0).assertGood().data();
        assertArrayEquals(new byte[] {0, 0, 0x07, (byte) 0xFF, 0, 0, 0x02, 0}, d);
    }

    @Test
    void readCapacity10SaturatesForLargeLuns() {
        byte[] d = target.run(1, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0).assertGood().data();
        assertArrayEquals(new byte[] {-1, -1, -1, -1, 0, 0, 0x02, 0}, d);
    }

    @Test
    void readCapacity10LbaWithoutPmiIsInvalidField() {
        target.run(0, 0x25, 0, 0, 0, 0, 1, 0, 0, 0, 0).assertInvalidCdbField(2, -1);
        target.run(0, 0x25, 0, 0, 0, 0, 1, 0, 0, 1, 0).assertGood();
    }

    private byte[] readCapacity16(long lun, int alloc) {
        return target.run(lun, 0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, alloc >>> 8, alloc & 0xFF, 0, 0).assertGood().data();
    }

    @Test
    void readCapacity16ReportsFullGeometryAndThinProvisioning() {
        byte[] d = readCapacity16(0, 32);
        assertEquals(32, d.length);
        assertEquals(2047, ((d[6] & 0xFF) << 8) | (d[7] & 0xFF));
        assertEquals(512, ((d[10] & 0xFF) << 8) | (d[11] & 0xFF));
        assertEquals(0, d[13] & 0x0F, "no larger physical block is claimed");
        assertEquals(0xC0, d[14] & 0xFF, "LBPME + LBPRZ");
    }

    @Test
    void readCapacity16HonoursLargeAndSmallAllocationLengths() {
        assertEquals(32, readCapacity16(0, 4096).length);
        assertEquals(12, readCapacity16(0, 12).length);
    }

    @Test
    void readCapacity16OnHugeFullyProvisionedLun() {
        byte[] d = readCapacity16(1, 32);
        assertEquals(1, d[3]);
        assertEquals(-1, d[4]);
        assertEquals(0, d[14]);
    }

    @Test
    void readCapacity16ReportsThePhysicalBlockExponentWithLowestAlignedLbaZero() {
        byte[] d = readCapacity16(1, 32);
        assertEquals(3, d[13] & 0x0F, "eight logical blocks per physical block");
        assertEquals(0, d[13] & 0xF0, "no protection information exponent");
        assertEquals(0, d[14] & 0x3F, "LOWEST ALIGNED LBA, high bits");
        assertEquals(0, d[15], "LOWEST ALIGNED LBA, low byte");
    }

    @Test
    void blockLimitsTransferGranularityIsAWholeNumberOfPhysicalBlocks() {
        byte[] capacity = readCapacity16(1, 32);
        int blocksPerPhysical = 1 << (capacity[13] & 0x0F);
        byte[] b0 = target.run(1, 0x12, 1, 0xB0, 0, 64, 0).assertGood().data();
        int granularity = ((b0[6] & 0xFF) << 8) | (b0[7] & 0xFF);
        assertEquals(0, granularity % blocksPerPhysical, "OPTIMAL TRANSFER LENGTH GRANULARITY " + granularity);
    }

    @Test
    void fourKibLogicalBlocksHaveExponentZero() {
        byte[] d = readCapacity16(2, 32);
        assertEquals(0x10, d[10]);
        assertEquals(0, d[13]);
    }
}
