package org.snaptarget.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.TestTarget;

/** REPORT TARGET PORT GROUPS (SPC-4 §6.37) and the TPGS field of INQUIRY that announces it. */
class ReportTargetPortGroupsTest {

    private TestTarget target;

    @BeforeEach
    void setUp() {
        target = new TestTarget(Map.of(0L, new MemoryBlockDevice(2048)));
        target.clearAttention(TestTarget.NEXUS, 0);
    }

    private static byte[] rtpg(int format, int allocationLength) {
        return new byte[] {(byte) 0xA3, (byte) (format << 5 | 0x0A), 0, 0, 0, 0,
            (byte) (allocationLength >>> 24), (byte) (allocationLength >>> 16), (byte) (allocationLength >>> 8),
            (byte) allocationLength, 0, 0};
    }

    @Test
    void oneActiveOptimizedGroupHoldsTheTargetPortOfTheNexus() {
        byte[] d = target.run(0, rtpg(0, 1024), 0, null).assertGood().data();
        assertArrayEquals(new byte[] {0, 0, 0, 12,
            (byte) 0x80, 0x01, 0, 1, 0, 0, 0, 1,
            0, 0, 0, 1}, d);
    }

    @Test
    void extendedHeaderCarriesFormatTypeAndImplicitTransitionTime() {
        byte[] d = target.run(0, rtpg(1, 1024), 0, null).assertGood().data();
        assertEquals(20, d.length);
        assertEquals(16, d[3], "RETURN DATA LENGTH excludes the first 4 bytes only");
        assertEquals(0x10, d[4], "FORMAT TYPE 001b");
        assertEquals(0, d[5], "IMPLICIT TRANSITION TIME");
        assertEquals((byte) 0x80, d[8]);
    }

    @Test
    void groupAndPortAgreeWithDeviceIdentificationVpd() {
        byte[] rtpg = target.run(0, rtpg(0, 1024), 0, null).assertGood().data();
        byte[] vpd = target.run(0, 0x12, 1, 0x83, 0, 255, 0).assertGood().data();
        int group = -1;
        int port = -1;
        for (int at = 4; at + 4 <= vpd.length; at += 4 + (vpd[at + 3] & 0xFF)) {
            int type = vpd[at + 1] & 0x0F;
            int value = (vpd[at + 6] & 0xFF) << 8 | (vpd[at + 7] & 0xFF);
            if (type == 5) {
                group = value;
            } else if (type == 4) {
                port = value;
            }
        }
        assertEquals(group, (rtpg[6] & 0xFF) << 8 | (rtpg[7] & 0xFF), "target port group");
        assertEquals(port, (rtpg[14] & 0xFF) << 8 | (rtpg[15] & 0xFF), "relative target port");
    }

    @Test
    void allocationLengthTruncates() {
        assertEquals(6, target.run(0, rtpg(0, 6), 0, null).assertGood().data().length);
    }

    @Test
    void unknownParameterDataFormatIsInvalidFieldInCdb() {
        target.run(0, rtpg(2, 1024), 0, null).assertInvalidCdbField(1, 7);
    }

    @Test
    void inquiryAnnouncesImplicitAlua() {
        byte[] d = target.run(0, 0x12, 0, 0, 0, 255, 0).assertGood().data();
        assertEquals(0x10, d[5] & 0x30, "TPGS 01b");
    }
}
