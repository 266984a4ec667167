package org.snaptarget.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.snaptarget.scsi.TestTarget.bytes;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseReason;

class CommandTableTest {

    private TestTarget target;

    @BeforeEach
    void setUp() {
        target = new TestTarget(Map.of(0L, new MemoryBlockDevice(2048)));
        target.clearAttention(TestTarget.NEXUS, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x85, 0xA1, 0x02, 0xFF, 0xC0})
    void emptySlotIsInvalidCommandOperationCode(int opcode) {
        target.run(0, bytes(opcode, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0, null)
                .assertSense(5, 0x20, 0x00);
    }

    @Test
    void unknownServiceActionIsInvalidFieldAtServiceActionField() {
        target.run(0, bytes(0x9E, 0x1F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0), 32, null)
                .assertInvalidCdbField(1, 4);
    }

    @Test
    void reservedBitPointsAtHighestOffendingBit() {
        // TEST UNIT READY has no defined bits besides the opcode; byte 3 = 0x41 -> bit 6 of byte 3.
        target.run(0, 0x00, 0, 0, 0x41, 0, 0).assertInvalidCdbField(3, 6);
    }

    @Test
    void controlByteNacaIsRefused() {
        target.run(0, 0x00, 0, 0, 0, 0, 0x04).assertInvalidCdbField(5, 2);
    }

    @Test
    void everyDescriptorRejectsEachReservedBitOfItsCdb() throws Exception {
        CommandTable table = StandardCommands.table();
        for (CommandDescriptor d : table.all()) {
            byte[] usage = d.usage();
            for (int i = 1; i < usage.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    if ((usage[i] & (1 << bit)) != 0) {
                        continue;
                    }
                    byte[] cdb = new byte[usage.length];
                    cdb[0] = (byte) d.opcode();
                    if (d.hasServiceAction()) {
                        cdb[1] = (byte) d.serviceAction();
                    }
                    cdb[i] |= (byte) (1 << bit);
                    int byteIndex = i;
                    int bitIndex = bit;
                    SenseException e = assertThrows(SenseException.class, () -> table.lookup(new Cdb(cdb)),
                            () -> d.name() + " accepted reserved bit " + bitIndex + " of byte " + byteIndex);
                    assertEquals(SenseReason.INVALID_FIELD_IN_CDB, e.reason());
                    assertEquals(i, e.fieldPointer());
                    assertEquals(bit, e.bitPointer());
                }
            }
        }
    }

    @Test
    void everyDescriptorAcceptsAllItsUsageBits() throws Exception {
        CommandTable table = StandardCommands.table();
        for (CommandDescriptor d : table.all()) {
            byte[] cdb = d.usage().clone();
            cdb[0] = (byte) d.opcode();
            if (d.hasServiceAction()) {
                cdb[1] = (byte) d.serviceAction();
            }
            assertEquals(d, table.lookup(new Cdb(cdb)));
        }
    }

    @Test
    void shortCdbIsInvalidFieldPointingPastItsEnd() {
        SenseException e = assertThrows(SenseException.class, () -> StandardCommands.table().lookup(new Cdb(bytes(0x28, 0, 0, 0))));
        assertEquals(4, e.fieldPointer());
    }

    @Test
    void duplicateSlotsAreRefusedWhenBuildingATable() {
        CommandDescriptor a = new CommandDescriptor("A", 0x00, -1, bytes(0xFF, 0, 0, 0, 0, 0), DataDirection.NONE,
                Execution.INLINE, MediumAccess.NONE, Set.of(), ctx -> CommandContext.good());
        assertThrows(IllegalArgumentException.class, () -> new CommandTable(List.of(a, a)));
    }
}
