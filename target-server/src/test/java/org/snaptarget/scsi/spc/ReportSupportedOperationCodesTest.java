package org.snaptarget.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.snaptarget.scsi.TestTarget.u16;
import static org.snaptarget.scsi.TestTarget.u32;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.scsi.CommandDescriptor;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.StandardCommands;
import org.snaptarget.scsi.TestTarget;
import org.snaptarget.scsi.TestTarget.Outcome;

class ReportSupportedOperationCodesTest {

    private TestTarget target;

    @BeforeEach
    void setUp() {
        target = new TestTarget(Map.of(0L, new MemoryBlockDevice(64)));
        target.clearAttention(TestTarget.NEXUS, 0);
    }

    private Outcome rsoc(int options, int opcode, int sa, int alloc) {
        return target.run(0, 0xA3, 0x0C, options, opcode, sa >>> 8, sa & 0xFF, alloc >>> 24, (alloc >>> 16) & 0xFF,
                (alloc >>> 8) & 0xFF, alloc & 0xFF, 0, 0);
    }

    @Test
    void allCommandsListsEveryTableRow() {
        byte[] d = rsoc(0, 0, 0, 65536).assertGood().data();
        int n = StandardCommands.table().all().size();
        assertEquals(8L * n, u32(d, 0));
        int i = 0;
        for (CommandDescriptor desc : StandardCommands.table().all()) {
            int at = 4 + 8 * i++;
            assertEquals(desc.opcode(), d[at] & 0xFF);
            assertEquals(desc.hasServiceAction() ? desc.serviceAction() : 0, u16(d, at + 2));
            assertEquals(desc.hasServiceAction() ? 1 : 0, d[at + 5] & 1, "SERVACTV");
            assertEquals(desc.cdbLength(), u16(d, at + 6));
        }
    }

    @Test
    void allCommandsWithTimeoutsHasTwentyByteDescriptors() {
        byte[] d = rsoc(0x80, 0, 0, 65536).assertGood().data();
        assertEquals(20L * StandardCommands.table().all().size(), u32(d, 0));
        assertEquals(0x02, d[4 + 5] & 0x02, "CTDP");
        assertEquals(0x0A, d[4 + 8 + 1]);
    }

    @Test
    void oneCommandReturnsItsUsageMap() {
        byte[] d = rsoc(1, 0x28, 0, 512).assertGood().data();
        assertEquals(0x03, d[1] & 0x07, "supported");
        assertEquals(10, u16(d, 2));
        byte[] usage = StandardCommands.table().descriptor(0x28, -1).orElseThrow().usage().clone();
        usage[0] = 0x28;
        assertArrayEquals(usage, Arrays.copyOfRange(d, 4, 14));
    }

    @Test
    void oneServiceActionCommand() {
        byte[] d = rsoc(2, 0x9E, 0x10, 512).assertGood().data();
        assertEquals(0x03, d[1] & 0x07);
        assertEquals(16, u16(d, 2));
        assertEquals(0x10, d[5]);
    }

    @Test
    void unsupportedCommandSaysSoAndMismatchedOptionsAreInvalid() {
        assertEquals(0x01, rsoc(1, 0x85, 0, 512).assertGood().data()[1] & 0x07);
        assertEquals(0x01, rsoc(2, 0x9E, 0x1F, 512).assertGood().data()[1] & 0x07);
        rsoc(1, 0x9E, 0, 512).assertInvalidCdbField(3, -1);
        rsoc(2, 0x28, 0, 512).assertInvalidCdbField(3, -1);
        rsoc(5, 0x28, 0, 512).assertInvalidCdbField(2, 2);
        assertEquals(0x03, rsoc(3, 0x28, 7, 512).assertGood().data()[1] & 0x07);
    }

    @Test
    void reportSupportedTaskManagementFunctions() {
        byte[] d = target.run(0, 0xA3, 0x0D, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0).assertGood().data();
        assertEquals(0xDA, d[0] & 0xFF);
        byte[] ext = target.run(0, 0xA3, 0x0D, 0x80, 0, 0, 0, 0, 0, 0, 16, 0, 0).assertGood().data();
        assertEquals(16, ext.length);
        assertEquals(0x0C, ext[3]);
    }
}
