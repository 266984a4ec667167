package org.snaptarget.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.TestTarget;
import org.snaptarget.scsi.TestTarget.Outcome;

class InquiryTest {

    private TestTarget target;

    @BeforeEach
    void setUp() {
        target = new TestTarget(Map.of(0L, new MemoryBlockDevice(2048), 3L, new MemoryBlockDevice(4096, 4096, true)));
    }

    private Outcome inquiry(long lun, int evpd, int page, int allocationLength) {
        return target.run(lun, 0x12, evpd, page, allocationLength >>> 8, allocationLength & 0xFF, 0);
    }

    @Test
    void standardDataDescribesAnSpc4BlockDeviceWithHisupAndCmdque() {
        byte[] d = inquiry(0, 0, 0, 255).assertGood().data();
        assertEquals(96, d.length);
        assertEquals(0x00, d[0], "qualifier 0, direct access block device");
        assertEquals(0x06, d[2], "VERSION SPC-4");
        assertEquals(0x12, d[3], "HISUP + response data format 2");
        assertEquals(91, d[4], "additional length");
        assertEquals(0x02, d[7] & 0x02, "CMDQUE");
        assertEquals("SNAPTGT ", new String(d, 8, 8, StandardCharsets.US_ASCII));
        assertEquals("SnapTarget      ", new String(d, 16, 16, StandardCharsets.US_ASCII));
        assertEquals("0001", new String(d, 32, 4, StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[] {0x00, (byte) 0xA0, 0x09, 0x60, 0x04, 0x60, 0x04, (byte) 0xC0}, Arrays.copyOfRange(d, 58, 66));
    }

    @Test
    void inquiryIsAnsweredDespitePendingUnitAttention() {
        inquiry(0, 0, 0, 36).assertGood();
        target.run(0, 0, 0, 0, 0, 0, 0).assertSense(6, 0x29, 0x00);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 36, 95})
    void allocationLengthTruncatesNeverOverruns(int allocationLength) {
        Outcome o = inquiry(0, 0, 0, allocationLength).assertGood();
        assertEquals(allocationLength, o.data() == null ? 0 : o.data().length);
    }

    @Test
    void pageCodeWithoutEvpdIsInvalidFieldAtByte2() {
        inquiry(0, 0, 0x80, 255).assertInvalidCdbField(2, -1);
    }

    @Test
    void cmddtBitIsInvalidField() {
        inquiry(0, 0x02, 0, 255).assertInvalidCdbField(1, 1);
    }

    @Test
    void absentLunAnswersQualifier3DeviceType1F() {
        byte[] d = inquiry(7, 0, 0, 255).assertGood().data();
        assertEquals(0x7F, d[0] & 0xFF);
    }

    @Test
    void absentLunRefusesOtherCommandsWithLogicalUnitNotSupported() {
        target.run(7, 0, 0, 0, 0, 0, 0).assertSense(5, 0x25, 0x00);
        target.run(7, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0).assertSense(5, 0x25, 0x00);
    }

    @Test
    void supportedPagesListsEveryPageInAscendingOrder() {
        byte[] d = inquiry(0, 1, 0x00, 255).assertGood().data();
        assertArrayEquals(new byte[] {0, 0, 0, 8, 0x00, (byte) 0x80, (byte) 0x83, (byte) 0x86, (byte) 0x8F, (byte) 0xB0,
            (byte) 0xB1, (byte) 0xB2}, d);
    }

    @Test
    void unitSerialNumberIsTheDeviceSerial() {
        byte[] d = inquiry(0, 1, 0x80, 255).assertGood().data();
        assertEquals(0x80, d[1] & 0xFF);
        assertEquals("SERIAL0001", new String(d, 4, d[3], StandardCharsets.US_ASCII));
    }

    @Test
    void deviceIdentificationStartsWithBinaryNaaDesignatorForTheLu() {
        byte[] d = inquiry(0, 1, 0x83, 1024).assertGood().data();
        int pageLength = ((d[2] & 0xFF) << 8) | (d[3] & 0xFF);
        assertEquals(d.length - 4, pageLength);
        assertEquals(0x01, d[4], "protocol 0, code set binary");
        assertEquals(0x03, d[5], "association LU, designator type NAA");
        assertEquals(8, d[7]);
        assertEquals(0x5, (d[8] & 0xF0) >>> 4, "NAA IEEE Registered");
        // Walk the descriptors: T10 vendor ID, relative target port, target port group, SCSI name string.
        int at = 4;
        int[] types = new int[5];
        int n = 0;
        while (at < d.length) {
            types[n++] = d[at + 1] & 0x3F;
            at += 4 + (d[at + 3] & 0xFF);
        }
        assertEquals(d.length, at, "descriptors fill the page exactly");
        assertArrayEquals(new int[] {0x03, 0x01, 0x14, 0x15, 0x18}, types);
    }

    @Test
    void extendedInquiryAndBlockPagesHavePageLength3C() {
        for (int page : new int[] {0x86, 0xB0, 0xB1}) {
            byte[] d = inquiry(0, 1, page, 255).assertGood().data();
            assertEquals(0x3C, d[3], "page " + Integer.toHexString(page));
            assertEquals(64, d.length);
        }
    }

    @Test
    void blockLimitsAdvertisesTransferLimits() {
        byte[] d = inquiry(0, 1, 0xB0, 255).assertGood().data();
        assertEquals(1, d[4] & 1, "WSNZ");
        assertEquals(8, u16(d, 6), "optimal transfer granularity 4 KiB");
        assertEquals(16384, u32(d, 8), "maximum transfer length 8 MiB");
        assertEquals(2048, u32(d, 12), "optimal transfer length 1 MiB");
    }

    @Test
    void blockDeviceCharacteristicsSaysNonRotating() {
        byte[] d = inquiry(0, 1, 0xB1, 255).assertGood().data();
        assertEquals(1, u16(d, 4));
    }

    @Test
    void logicalBlockProvisioningIsThinWithLbprz() {
        byte[] d = inquiry(0, 1, 0xB2, 255).assertGood().data();
        assertEquals(4, d[3]);
        assertTrue((d[5] & 0x04) != 0, "LBPRZ");
        assertEquals(0x02, d[6] & 0x07, "provisioning type thin");
    }

    @Test
    void unknownVpdPageIsInvalidFieldAtByte2() {
        inquiry(0, 1, 0x89, 255).assertInvalidCdbField(2, -1);
        inquiry(0, 1, 0xC0, 255).assertInvalidCdbField(2, -1);
    }

    @Test
    void absentLunAnswersOnlySupportedPagesPage() {
        byte[] d = inquiry(7, 1, 0, 255).assertGood().data();
        assertArrayEquals(new byte[] {0x7F, 0, 0, 1, 0}, d);
        inquiry(7, 1, 0x83, 255).assertInvalidCdbField(2, -1);
    }

    @Test
    void vpdPagesAreTruncatedToAllocationLength() {
        byte[] d = inquiry(0, 1, 0x83, 6).assertGood().data();
        assertEquals(6, d.length);
    }

    static int u16(byte[] b, int at) {
        return TestTarget.u16(b, at);
    }

    static long u32(byte[] b, int at) {
        return TestTarget.u32(b, at);
    }
}
