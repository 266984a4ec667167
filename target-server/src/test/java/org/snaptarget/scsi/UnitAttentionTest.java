package org.snaptarget.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnitAttentionTest {

    private TestTarget target;

    @BeforeEach
    void setUp() {
        target = new TestTarget(Map.of(0L, new MemoryBlockDevice(64), 1L, new MemoryBlockDevice(64)));
    }

    private TestTarget.Outcome tur(ItNexus nexus, long lun) {
        return target.runAs(nexus, lun, 0, 0, 0, 0, 0, 0);
    }

    private TestTarget.Outcome requestSense(ItNexus nexus, long lun) {
        return target.runAs(nexus, lun, 0x03, 0, 0, 0, 18, 0).assertGood();
    }

    @Test
    void newNexusGetsPowerOnResetOnceOnItsFirstCommand() {
        tur(TestTarget.NEXUS, 0).assertSense(6, 0x29, 0x00);
        tur(TestTarget.NEXUS, 0).assertGood();
        tur(TestTarget.OTHER, 0).assertSense(6, 0x29, 0x00);
        tur(TestTarget.NEXUS, 1).assertSense(6, 0x29, 0x00);
    }

    @Test
    void inquiryReportLunsAndRequestSenseDoNotReportTheAttention() {
        target.runAs(TestTarget.NEXUS, 0, 0x12, 0, 0, 0, 36, 0).assertGood();
        target.runAs(TestTarget.NEXUS, 0, 0xA0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0).assertGood();
        tur(TestTarget.NEXUS, 0).assertSense(6, 0x29, 0x00);
    }

    @Test
    void requestSenseReportsAndClearsThePendingAttention() {
        byte[] sense = requestSense(TestTarget.NEXUS, 0).data();
        assertEquals(0x70, sense[0]);
        assertEquals(6, sense[2]);
        assertEquals(0x29, sense[12]);
        byte[] none = requestSense(TestTarget.NEXUS, 0).data();
        assertEquals(0, none[2]);
        assertEquals(0, none[12]);
        tur(TestTarget.NEXUS, 0).assertGood();
    }

    @Test
    void requestSenseOnAbsentLunReportsLogicalUnitNotSupportedWithGoodStatus() {
        byte[] sense = requestSense(TestTarget.NEXUS, 9).data();
        assertEquals(5, sense[2]);
        assertEquals(0x25, sense[12]);
    }

    @Test
    void requestSenseWithDescReportsTheAttentionInDescriptorFormat() {
        byte[] sense = target.runAs(TestTarget.NEXUS, 0, 0x03, 1, 0, 0, 252, 0).assertGood().data();
        assertEquals(List.of(0x72, 6, 0x29, 0x00, 0), List.of(sense[0] & 0xFF, sense[1] & 0xFF, sense[2] & 0xFF,
                sense[3] & 0xFF, sense[7] & 0xFF));
        assertEquals(8, sense.length);
        tur(TestTarget.NEXUS, 0).assertGood();
    }

    @Test
    void attentionIsReportedBeforeCdbErrorsButInvalidOpcodeOnAbsentLunIsNotSupported() {
        target.runAs(TestTarget.NEXUS, 0, 0x00, 0, 0, 0xFF, 0, 0).assertSense(6, 0x29, 0x00);
        target.runAs(TestTarget.NEXUS, 0, 0x00, 0, 0, 0xFF, 0, 0).assertInvalidCdbField(3, 7);
        target.runAs(TestTarget.NEXUS, 9, 0x85, 0, 0, 0, 0, 0).assertSense(5, 0x25, 0x00);
    }

    @Test
    void logicalUnitResetGivesEveryNexusBusDeviceResetIncludingTheCaller() {
        tur(TestTarget.NEXUS, 0);
        tur(TestTarget.OTHER, 0);
        int[] response = {-1};
        target.device.taskManagement(TestTarget.NEXUS, TaskManagementFunction.LOGICAL_UNIT_RESET, LunAddress.encode(0), 0,
                r -> response[0] = r);
        assertEquals(0, response[0]);
        tur(TestTarget.NEXUS, 0).assertSense(6, 0x29, 0x03);
        tur(TestTarget.NEXUS, 0).assertGood();
        tur(TestTarget.OTHER, 0).assertSense(6, 0x29, 0x03);
        tur(TestTarget.OTHER, 0).assertGood();
    }

    @Test
    void targetResetReachesEveryLogicalUnit() {
        for (long lun = 0; lun < 2; lun++) {
            tur(TestTarget.OTHER, lun);
        }
        target.device.taskManagement(TestTarget.NEXUS, TaskManagementFunction.TARGET_WARM_RESET, 0, 0, r -> { });
        tur(TestTarget.OTHER, 0).assertSense(6, 0x29, 0x03);
        tur(TestTarget.OTHER, 1).assertSense(6, 0x29, 0x03);
    }

    @Test
    void lostNexusIsNewAgainWhenItReturns() {
        tur(TestTarget.NEXUS, 0);
        tur(TestTarget.NEXUS, 0).assertGood();
        target.device.nexusLost(TestTarget.NEXUS);
        tur(TestTarget.NEXUS, 0).assertSense(6, 0x29, 0x00);
    }

    @Test
    void addingAndRemovingLunsReportsLunInventoryChange() {
        tur(TestTarget.NEXUS, 0);
        tur(TestTarget.NEXUS, 1);
        target.device.addUnit(2, new MemoryBlockDevice(64));
        tur(TestTarget.NEXUS, 0).assertSense(6, 0x3F, 0x0E);
        tur(TestTarget.NEXUS, 0).assertGood();
        tur(TestTarget.NEXUS, 2).assertSense(6, 0x29, 0x00);
        target.device.removeUnit(2);
        tur(TestTarget.NEXUS, 1).assertSense(6, 0x3F, 0x0E);
        tur(TestTarget.NEXUS, 2).assertSense(5, 0x25, 0x00);
    }

    @Test
    void grownDeviceIsAnnouncedAsCapacityDataChanged() {
        long[] size = {64 * 512};
        MemoryBlockDevice growing = new MemoryBlockDevice(128) {
            @Override
            public long size() {
                return size[0];
            }
        };
        target.device.addUnit(5, growing);
        tur(TestTarget.NEXUS, 5).assertSense(6, 0x29, 0x00);
        assertEquals(false, target.device.capacityChanged(5));
        size[0] = 128 * 512;
        assertEquals(true, target.device.capacityChanged(5));
        tur(TestTarget.NEXUS, 5).assertSense(6, 0x2A, 0x09);
        byte[] d = target.runAs(TestTarget.NEXUS, 5, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0).assertGood().data();
        assertEquals(127, d[3]);
        size[0] = 1000;
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> target.device.capacityChanged(5));
    }
}
