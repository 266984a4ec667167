package org.snaptarget.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snaptarget.scsi.LunAddress;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.TestTarget;
import org.snaptarget.scsi.TestTarget.Outcome;

class ReportLunsTest {

    private final TestTarget target = new TestTarget(Map.of(
            0L, new MemoryBlockDevice(64), 5L, new MemoryBlockDevice(64), 300L, new MemoryBlockDevice(64)));

    private Outcome reportLuns(long lun, int select, long allocationLength) {
        return target.run(lun, 0xA0, 0, select, 0, 0, 0,
                (int) (allocationLength >>> 24) & 0xFF, (int) (allocationLength >>> 16) & 0xFF,
                (int) (allocationLength >>> 8) & 0xFF, (int) allocationLength & 0xFF, 0, 0);
    }

    @Test
    void listsEveryLunSortedPeripheralBelow256FlatAbove() {
        byte[] d = reportLuns(0, 0, 4096).assertGood().data();
        assertArrayEquals(new byte[] {
            0, 0, 0, 24, 0, 0, 0, 0,                // LUN LIST LENGTH 24, reserved
            0x00, 0x00, 0, 0, 0, 0, 0, 0,           // LUN 0, peripheral
            0x00, 0x05, 0, 0, 0, 0, 0, 0,           // LUN 5, peripheral
            0x41, 0x2C, 0, 0, 0, 0, 0, 0,           // LUN 300 = 0x12C, flat space
        }, d);
    }

    @Test
    void selectReportTwoEqualsZeroAndOneIsEmpty() {
        assertArrayEquals(reportLuns(0, 0, 4096).data(), reportLuns(0, 2, 4096).assertGood().data());
        assertArrayEquals(new byte[8], reportLuns(0, 1, 4096).assertGood().data());
    }

    @Test
    void otherSelectReportIsInvalidField() {
        reportLuns(0, 3, 4096).assertInvalidCdbField(2, -1);
    }

    @Test
    void allocationLengthBelow16IsInvalidField() {
        reportLuns(0, 0, 15).assertInvalidCdbField(6, -1);
    }

    @Test
    void allocationLengthTruncatesButKeepsFullListLength() {
        byte[] d = reportLuns(0, 0, 16).assertGood().data();
        assertEquals(16, d.length);
        assertEquals(24, d[3]);
    }

    @Test
    void answeredOnAbsentLunAndDespiteUnitAttention() {
        reportLuns(9, 0, 4096).assertGood();
        reportLuns(0, 0, 4096).assertGood();
    }

    @Test
    void maskedLunsAreNeitherListedNorReachable() {
        TestTarget masked = new TestTarget(new org.snaptarget.scsi.LogicalUnitTable(
                Map.of(0L, new MemoryBlockDevice(64), 5L, new MemoryBlockDevice(64)), Runnable::run,
                org.snaptarget.scsi.TargetInfo.SNAPTARGET, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT,
                (nexus, lun) -> lun == 0 || nexus.equals(TestTarget.OTHER)));
        byte[] mine = masked.run(0, 0xA0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0).assertGood().data();
        assertEquals(8, mine[3], "only LUN 0 for this initiator");
        byte[] other = masked.runAs(TestTarget.OTHER, 0, 0xA0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0).assertGood().data();
        assertEquals(16, other[3]);
        assertEquals(0x7F, masked.run(5, 0x12, 0, 0, 0, 36, 0).assertGood().data()[0] & 0xFF);
        masked.run(5, 0, 0, 0, 0, 0, 0).assertSense(5, 0x25, 0);
    }

    @Test
    void lunAddressRoundTripsAndRejectsOtherMethods() {
        for (long lun : new long[] {0, 1, 255, 256, 16383}) {
            assertEquals(lun, LunAddress.decode(LunAddress.encode(lun)));
        }
        assertEquals(LunAddress.INVALID, LunAddress.decode(0x0001_0001_0000_0000L));
        assertEquals(LunAddress.INVALID, LunAddress.decode(0x8000_0000_0000_0000L));
        assertEquals(LunAddress.INVALID, LunAddress.decode(0x0100_0000_0000_0000L));
    }
}
