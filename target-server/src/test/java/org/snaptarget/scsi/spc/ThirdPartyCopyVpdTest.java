package org.snaptarget.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.scsi.TestTarget.u16;
import static org.snaptarget.scsi.TestTarget.u32;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.scsi.CommandDescriptor;
import org.snaptarget.scsi.CommandTable;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.StandardCommands;
import org.snaptarget.scsi.TestTarget;

/** The Third-party Copy VPD page (SPC-4 §7.8.17, 8Fh), parsed the way a copy-offloading host does. */
class ThirdPartyCopyVpdTest {

    private TestTarget target;

    @BeforeEach
    void setUp() {
        target = new TestTarget(Map.of(0L, new MemoryBlockDevice(2048)));
        target.clearAttention(TestTarget.NEXUS, 0);
    }

    /** Descriptor type → descriptor body (the bytes after its 4-byte header), in page order. */
    private static Map<Integer, byte[]> descriptors(byte[] page) {
        assertEquals(0x8F, page[1] & 0xFF);
        assertEquals(page.length - 4, u16(page, 2), "PAGE LENGTH");
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        int at = 4;
        while (at < page.length) {
            int type = u16(page, at);
            int length = u16(page, at + 2);
            assertEquals(0, (4 + length) % 4, "descriptor " + type + " is a multiple of 4 bytes");
            assertTrue(at + 4 + length <= page.length, "descriptor " + type + " fits the page");
            assertFalse(out.containsKey(type), "descriptor " + type + " once");
            out.put(type, Arrays.copyOfRange(page, at + 4, at + 4 + length));
            at += 4 + length;
        }
        assertEquals(page.length, at);
        return out;
    }

    private byte[] page() {
        return target.run(0, 0x12, 1, 0x8F, 0x10, 0, 0).assertGood().data();
    }

    private byte[] operatingParameters() {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x84;
        cdb[1] = 0x03;
        cdb[13] = (byte) 255;
        return target.run(0, cdb, 255, null).assertGood().data();
    }

    @Test
    void pageCarriesTheFiveDescriptorsExtendedCopyRequiresInOrder() {
        assertEquals(List.of(0x0001, 0x0004, 0x0008, 0x000C, 0x8001), new ArrayList<>(descriptors(page()).keySet()));
    }

    @Test
    void supportedCommandsListExtendedCopyAndReceiveCopyResultsServiceActions() {
        byte[] d = descriptors(page()).get(0x0001);
        int listLength = d[0] & 0xFF;
        Map<Integer, List<Integer>> commands = new LinkedHashMap<>();
        int at = 1;
        while (at < 1 + listLength) {
            int opcode = d[at] & 0xFF;
            int count = d[at + 1] & 0xFF;
            List<Integer> actions = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                actions.add(d[at + 2 + i] & 0xFF);
            }
            commands.put(opcode, actions);
            at += 2 + count;
        }
        assertEquals(1 + listLength, at, "COMMANDS SUPPORTED LIST LENGTH covers the command descriptors exactly");
        assertEquals(Map.of(0x83, List.of(0x00), 0x84, List.of(0x00, 0x03)), commands);
        for (int i = at; i < d.length; i++) {
            assertEquals(0, d[i], "padding");
        }
        CommandTable table = StandardCommands.table();
        commands.forEach((opcode, actions) -> actions.forEach(sa ->
                assertTrue(table.descriptor(opcode, sa).isPresent(), Integer.toHexString(opcode) + "/" + sa + " runs")));
    }

    @Test
    void parameterDataMatchesReceiveCopyResultsOperatingParameters() {
        byte[] d = descriptors(page()).get(0x0004);
        assertEquals(0x1C, d.length);
        byte[] op = operatingParameters();
        assertEquals(u16(op, 8), u16(d, 4), "MAXIMUM CSCD DESCRIPTOR COUNT");
        assertEquals(u16(op, 10), u16(d, 6), "MAXIMUM SEGMENT DESCRIPTOR COUNT");
        assertEquals(u32(op, 12), u32(d, 8), "MAXIMUM DESCRIPTOR LIST LENGTH");
        assertEquals(u32(op, 20), u32(d, 12), "MAXIMUM INLINE DATA LENGTH");
        assertEquals(ExtendedCopy.MAX_CSCD_DESCRIPTORS, u16(d, 4));
        assertEquals(ExtendedCopy.MAX_DESCRIPTOR_LIST_LENGTH, u32(d, 8));
        assertEquals(0, u32(d, 0), "reserved");
        assertEquals(0, u32(d, 16) | u32(d, 20) | u32(d, 24), "reserved");
    }

    @Test
    void supportedDescriptorsAreTheImplementedTypeCodes() {
        byte[] d = descriptors(page()).get(0x0008);
        int n = d[0] & 0xFF;
        byte[] op = operatingParameters();
        assertArrayEquals(Arrays.copyOfRange(op, 44, 44 + op[43]), Arrays.copyOfRange(d, 1, 1 + n));
        assertArrayEquals(new byte[] {0x02, (byte) 0xE4}, Arrays.copyOfRange(d, 1, 1 + n));
    }

    @Test
    void noSpecialCscdIdsAreSupported() {
        byte[] d = descriptors(page()).get(0x000C);
        assertEquals(0, u16(d, 0));
    }

    @Test
    void generalCopyOperationsMatchReceiveCopyResultsOperatingParameters() {
        byte[] d = descriptors(page()).get(0x8001);
        assertEquals(0x20, d.length);
        byte[] op = operatingParameters();
        assertEquals(u16(op, 34), u32(d, 0), "TOTAL CONCURRENT COPIES");
        assertEquals(op[36] & 0xFF, u32(d, 4), "MAXIMUM IDENTIFIED CONCURRENT COPIES");
        assertEquals(u32(op, 16), u32(d, 8), "MAXIMUM SEGMENT LENGTH");
        assertEquals(op[37], d[12], "DATA SEGMENT GRANULARITY");
        assertEquals(op[38], d[13], "INLINE DATA GRANULARITY");
        for (int i = 14; i < d.length; i++) {
            assertEquals(0, d[i], "reserved byte " + (i + 4));
        }
    }

    @Test
    void allocationLengthTruncates() {
        assertEquals(10, target.run(0, 0x12, 1, 0x8F, 0, 10, 0).assertGood().data().length);
    }

    @Test
    void aTableWithoutExtendedCopyOffersNoPage() {
        List<CommandDescriptor> rows = new ArrayList<>(StandardCommands.descriptors());
        rows.removeIf(d -> d.opcode() == 0x83);
        CommandTable withoutCopy = new CommandTable(rows);
        assertFalse(ThirdPartyCopyVpd.offered(withoutCopy));
        assertTrue(ThirdPartyCopyVpd.offered(StandardCommands.table()));
    }
}
