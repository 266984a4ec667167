package org.snaptarget.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.TestTarget;
import org.snaptarget.scsi.TestTarget.Outcome;
import org.snaptarget.scsi.sense.ParsedSense;
import org.snaptarget.scsi.sense.SenseFormat;

/**
 * D_SENSE of the Control mode page (SPC-4 §7.5.8) switches a LU between fixed- and
 * descriptor-format sense (SPC-4 §4.5): changeable through MODE SELECT, per LU, and honoured by
 * every CHECK CONDITION the LU returns.
 */
class DescriptorSenseTest {

    private static final int CONTROL_PAGE_AT = 4;          // MODE SENSE(6) with DBD: header, then the page

    private MemoryBlockDevice disk;
    private TestTarget target;

    @BeforeEach
    void setUp() {
        disk = new MemoryBlockDevice(256);
        target = new TestTarget(Map.of(0L, disk, 1L, new MemoryBlockDevice(256)));
        for (long lun = 0; lun < 2; lun++) {
            target.clearAttention(TestTarget.NEXUS, lun);
            target.clearAttention(TestTarget.OTHER, lun);
        }
    }

    private byte[] controlPage(int pageControl) {
        byte[] d = target.run(0, 0x1A, 0x08, (pageControl << 6) | 0x0A, 0, 255, 0).assertGood().data();
        return Arrays.copyOfRange(d, CONTROL_PAGE_AT, d.length);
    }

    /** MODE SELECT(6) of the control page as MODE SENSE reported it, with D_SENSE set as asked. */
    private Outcome selectDescriptorSense(boolean on) {
        byte[] list = target.run(0, 0x1A, 0x08, 0x0A, 0, 255, 0).assertGood().data();
        list[0] = 0;                                        // MODE DATA LENGTH is reserved in MODE SELECT
        list[CONTROL_PAGE_AT + 2] = (byte) (on ? list[CONTROL_PAGE_AT + 2] | 0x04 : list[CONTROL_PAGE_AT + 2] & ~0x04);
        return target.run(0, TestTarget.bytes(0x15, 0x10, 0, 0, list.length, 0), list.length, list);
    }

    private Outcome tur(long lun, int control) {
        return target.run(lun, 0x00, 0, 0, 0, 0, control);
    }

    @Test
    void controlPageReportsDSenseChangeableAndDefaultZero() {
        assertEquals(0x04, controlPage(1)[2], "changeable mask: D_SENSE only");
        for (int i = 3; i < 12; i++) {
            assertEquals(0, controlPage(1)[i], "changeable mask byte " + i);
        }
        assertEquals(0, controlPage(2)[2] & 0x04, "default D_SENSE");
        assertEquals(0, controlPage(0)[2] & 0x04, "current D_SENSE");
    }

    @Test
    void fixedFormatIsTheDefault() {
        ParsedSense s = tur(0, 0xFF).parsedSense();
        assertEquals(SenseFormat.FIXED, s.format());
        assertEquals(5, s.fieldPointer());
    }

    @Test
    void modeSelectSetsDSenseAndEveryCheckConditionTurnsToDescriptorFormat() {
        selectDescriptorSense(true).assertGood();
        assertEquals(0x04, controlPage(0)[2] & 0x04, "current D_SENSE");
        assertEquals(0, controlPage(2)[2] & 0x04, "default unchanged");

        Outcome invalid = tur(0, 0xFF).assertInvalidCdbField(5, 7);
        assertEquals(0x72, invalid.sense()[0]);
        assertArrayEquals(new byte[] {0x72, 0x05, 0x24, 0x00, 0, 0, 0, 8, 0x02, 0x06, 0, 0, (byte) 0xCF, 0, 5, 0},
                invalid.sense(), "INVALID FIELD IN CDB with a sense key specific descriptor");

        Outcome range = target.run(0, 0x28, 0, 0, 0, 1, 0, 0, 0, 1, 0).assertSense(5, 0x21, 0x00);
        assertArrayEquals(new byte[] {0x72, 0x05, 0x21, 0x00, 0, 0, 0, 0}, range.sense(), "LBA OUT OF RANGE, no descriptors");

        selectDescriptorSense(false).assertGood();
        assertEquals(SenseFormat.FIXED, tur(0, 0xFF).parsedSense().format());
    }

    @Test
    void dSenseIsPerLogicalUnit() {
        selectDescriptorSense(true).assertGood();
        assertEquals(SenseFormat.DESCRIPTOR, tur(0, 0xFF).parsedSense().format());
        assertEquals(SenseFormat.FIXED, tur(1, 0xFF).parsedSense().format());
    }

    @Test
    void otherNexusesAreToldModeParametersChangedInTheNewFormat() {
        selectDescriptorSense(true).assertGood();
        Outcome other = target.runAs(TestTarget.OTHER, 0, 0, 0, 0, 0, 0, 0).assertSense(6, 0x2A, 0x01);
        assertEquals(SenseFormat.DESCRIPTOR, other.parsedSense().format());
        tur(0, 0).assertGood();
        selectDescriptorSense(true).assertGood();
        target.runAs(TestTarget.OTHER, 0, 0, 0, 0, 0, 0, 0).assertGood();
    }

    @Test
    void parameterListFieldPointerIsADescriptorWithCdClear() {
        selectDescriptorSense(true).assertGood();
        byte[] list = target.run(0, 0x1A, 0x08, 0x0A, 0, 255, 0).assertGood().data();
        list[0] = 0;
        list[CONTROL_PAGE_AT + 5] ^= 0x40;                 // TAS is not changeable
        Outcome o = target.run(0, TestTarget.bytes(0x15, 0x10, 0, 0, list.length, 0), list.length, list)
                .assertSense(5, 0x26, 0x00);
        ParsedSense s = o.parsedSense();
        assertEquals(SenseFormat.DESCRIPTOR, s.format());
        assertEquals(0x80, s.senseKeySpecific()[0] & 0xFF, "SKSV, C/D=0: the parameter list");
        assertEquals(CONTROL_PAGE_AT + 5, s.fieldPointer());
    }

    @Test
    void aRefusedModeSelectChangesNothing() {
        byte[] control = target.run(0, 0x1A, 0x08, 0x0A, 0, 255, 0).assertGood().data();
        byte[] caching = target.run(0, 0x1A, 0x08, 0x08, 0, 255, 0).assertGood().data();
        byte[] list = new byte[4 + 12 + 20];
        System.arraycopy(control, 4, list, 4, 12);
        System.arraycopy(caching, 4, list, 16, 20);
        list[4 + 2] |= 0x04;                                // D_SENSE on: allowed
        list[16 + 2] &= ~0x04;                              // WCE off: refused
        target.run(0, TestTarget.bytes(0x15, 0x10, 0, 0, list.length, 0), list.length, list).assertSense(5, 0x26, 0x00);
        assertEquals(0, controlPage(0)[2] & 0x04, "D_SENSE unchanged after the refused list");
        assertEquals(SenseFormat.FIXED, tur(0, 0xFF).parsedSense().format());
    }

    @Test
    void miscompareOffsetTravelsInTheInformationDescriptor() {
        selectDescriptorSense(true).assertGood();
        byte[] old = new byte[1024];
        new Random(7).nextBytes(old);
        System.arraycopy(old, 0, disk.bytes(), 0, 1024);
        byte[] data = new byte[2048];
        System.arraycopy(old, 0, data, 0, 1024);
        data[700] ^= 1;
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x89;
        cdb[13] = 2;
        ParsedSense s = target.run(0, cdb, 2048, data).assertSense(0x0E, 0x1D, 0x00).parsedSense();
        assertEquals(SenseFormat.DESCRIPTOR, s.format());
        assertTrue(s.informationValid());
        assertEquals(700, s.information());
        assertNull(s.senseKeySpecific());
        assertArrayEquals(old, Arrays.copyOf(disk.bytes(), 1024), "nothing written on a miscompare");
    }

    @Test
    void requestSenseFollowsItsDescBitNotDSense() {
        selectDescriptorSense(true).assertGood();
        byte[] fixed = target.run(0, 0x03, 0, 0, 0, 252, 0).assertGood().data();
        assertEquals(0x70, fixed[0]);
        assertEquals(18, fixed.length);
        byte[] descriptor = target.run(0, 0x03, 1, 0, 0, 252, 0).assertGood().data();
        assertArrayEquals(new byte[] {0x72, 0, 0, 0, 0, 0, 0, 0}, descriptor, "NO SENSE in descriptor format");
        assertFalse(ParsedSense.parse(descriptor).informationValid());
    }
}
