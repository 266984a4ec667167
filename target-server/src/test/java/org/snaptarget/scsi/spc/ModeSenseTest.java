package org.snaptarget.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.TestTarget;
import org.snaptarget.scsi.TestTarget.Outcome;

class ModeSenseTest {

    private TestTarget target;

    @BeforeEach
    void setUp() {
        target = new TestTarget(Map.of(0L, new MemoryBlockDevice(2048), 1L, new MemoryBlockDevice(2048, 512, true)));
        target.clearAttention(TestTarget.NEXUS, 0);
        target.clearAttention(TestTarget.NEXUS, 1);
    }

    private Outcome sense6(long lun, int dbd, int pcPage, int subpage, int alloc) {
        return target.run(lun, 0x1A, dbd, pcPage, subpage, alloc, 0);
    }

    private Outcome sense10(long lun, int flags, int pcPage, int subpage, int alloc) {
        return target.run(lun, 0x5A, flags, pcPage, subpage, 0, 0, 0, alloc >>> 8, alloc & 0xFF, 0);
    }

    @Test
    void cachingPageHasWceAndHeaderHasDpofua() {
        byte[] d = sense6(0, 0x08, 0x08, 0, 255).assertGood().data();
        assertEquals(4 + 20 - 1, d[0], "mode data length");
        assertEquals(0x10, d[2] & 0xFF, "DPOFUA, not WP");
        assertEquals(0, d[3], "no block descriptor with DBD");
        assertEquals(0x08, d[4]);
        assertEquals(0x12, d[5]);
        assertEquals(0x04, d[6] & 0x04, "WCE");
    }

    @Test
    void readOnlyLunHasWriteProtectBit() {
        byte[] d = sense6(1, 0x08, 0x3F, 0, 255).assertGood().data();
        assertEquals(0x90, d[2] & 0xFF);
    }

    @Test
    void shortBlockDescriptorCarriesBlockCountAndLength() {
        byte[] d = sense6(0, 0, 0x0A, 0, 255).assertGood().data();
        assertEquals(8, d[3]);
        assertEquals(2048, TestTarget.u32(d, 4));
        assertEquals(512, TestTarget.u32(d, 8) & 0xFFFFFF);
        assertEquals(0x0A, d[12]);
        assertEquals(0x40, d[12 + 5] & 0x40, "TAS");
    }

    @Test
    void longLbaDescriptorWithLlbaa() {
        byte[] d = sense10(0, 0x10, 0x08, 0, 255).assertGood().data();
        assertEquals(1, d[4] & 1, "LONGLBA");
        assertEquals(16, TestTarget.u16(d, 6));
        assertEquals(2048, TestTarget.u32(d, 12));
        assertEquals(512, TestTarget.u32(d, 20));
        assertEquals(d.length - 2, TestTarget.u16(d, 0));
    }

    @Test
    void allPagesInAscendingOrder() {
        byte[] d = sense10(0, 0x08, 0x3F, 0, 1024).assertGood().data();
        assertEquals(8 + 20 + 12 + 12, d.length);
        assertEquals(0x08, d[8]);
        assertEquals(0x0A, d[28]);
        assertEquals(0x1C, d[40]);
        assertEquals(d.length, sense10(0, 0x08, 0x3F, 0xFF, 1024).assertGood().data().length);
    }

    @Test
    void changeableValuesAreAllZero() {
        byte[] d = sense6(0, 0x08, 0x40 | 0x08, 0, 255).assertGood().data();
        assertEquals(0, d[6]);
    }

    @Test
    void savedValuesAreRefused() {
        sense6(0, 0x08, 0xC0 | 0x08, 0, 255).assertSense(5, 0x39, 0x00);
    }

    @Test
    void unsupportedPageAndSubpageAreInvalidFields() {
        sense6(0, 0x08, 0x19, 0, 255).assertInvalidCdbField(2, 5);
        sense6(0, 0x08, 0x08, 0x01, 255).assertInvalidCdbField(3, -1);
        sense6(0, 0x08, 0x08, 0xFF, 255).assertInvalidCdbField(3, -1);
    }

    @Test
    void llbaaIsReservedInSixByteForm() {
        sense6(0, 0x10, 0x08, 0, 255).assertInvalidCdbField(1, 4);
    }

    @Test
    void allocationLengthTruncates() {
        assertEquals(3, sense6(0, 0, 0x3F, 0, 3).assertGood().data().length);
        assertEquals(5, sense10(0, 0, 0x3F, 0, 5).assertGood().data().length);
    }

    private Outcome select6(int flags, byte[] list) {
        return target.run(0, TestTarget.bytes(0x15, flags, 0, 0, list.length, 0), list.length, list);
    }

    private Outcome select10(int flags, byte[] list) {
        return target.run(0, TestTarget.bytes(0x55, flags, 0, 0, 0, 0, 0, list.length >>> 8, list.length & 0xFF, 0), list.length, list);
    }

    @Test
    void modeSelectAcceptsWhatModeSenseReported() {
        select6(0x10, sense6(0, 0, 0x3F, 0, 255).assertGood().data()).assertGood();
        select10(0x10, sense10(0, 0x10, 0x3F, 0, 1024).assertGood().data()).assertGood();
        select10(0x10, sense10(0, 0x08, 0x08, 0, 1024).assertGood().data()).assertGood();
        select6(0x10, new byte[0]).assertGood();
    }

    @Test
    void modeSelectRefusesChangesAtTheFirstDifferingByte() {
        byte[] list = sense6(0, 0x08, 0x08, 0, 255).assertGood().data();
        list[4 + 2] &= ~0x04;                                       // clear WCE
        Outcome o = select6(0x10, list).assertSense(5, 0x26, 0);
        assertEquals(6, TestTarget.u16(o.sense(), 16), "field pointer at the caching page's byte 2");
    }

    @Test
    void modeSelectChecksBlockDescriptorAndPageHeaders() {
        byte[] list = sense6(0, 0, 0x0A, 0, 255).assertGood().data();
        list[4 + 6] = 0x10;                                         // block length 4096
        select6(0x10, list).assertSense(5, 0x26, 0);
        byte[] unknown = sense6(0, 0x08, 0x0A, 0, 255).assertGood().data();
        unknown[4] = 0x19;
        select6(0x10, unknown).assertSense(5, 0x26, 0);
        byte[] truncated = java.util.Arrays.copyOf(sense6(0, 0x08, 0x08, 0, 255).assertGood().data(), 10);
        select6(0x10, truncated).assertSense(5, 0x1A, 0);
    }

    @Test
    void modeSelectSavePagesIsRefused() {
        select6(0x11, sense6(0, 0x08, 0x08, 0, 255).assertGood().data()).assertInvalidCdbField(1, 0);
    }
}
