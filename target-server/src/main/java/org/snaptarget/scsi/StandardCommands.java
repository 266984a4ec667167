package org.snaptarget.scsi;

import static org.snaptarget.scsi.CommandDescriptor.NO_SERVICE_ACTION;
import static org.snaptarget.scsi.CommandDescriptor.usage;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.snaptarget.scsi.sbc.CompareAndWrite;
import org.snaptarget.scsi.sbc.GetLbaStatus;
import org.snaptarget.scsi.sbc.OrWrite;
import org.snaptarget.scsi.sbc.PreFetch;
import org.snaptarget.scsi.sbc.ReadCapacity;
import org.snaptarget.scsi.sbc.ReadDefectData;
import org.snaptarget.scsi.sbc.ReadWrite;
import org.snaptarget.scsi.sbc.StartStopUnit;
import org.snaptarget.scsi.sbc.SynchronizeCache;
import org.snaptarget.scsi.sbc.Unmap;
import org.snaptarget.scsi.sbc.Verify;
import org.snaptarget.scsi.sbc.WriteAtomic;
import org.snaptarget.scsi.sbc.WriteSame;
import org.snaptarget.scsi.spc.ExtendedCopy;
import org.snaptarget.scsi.spc.Inquiry;
import org.snaptarget.scsi.spc.ModeSelect;
import org.snaptarget.scsi.spc.ModeSense;
import org.snaptarget.scsi.spc.PersistentReserveIn;
import org.snaptarget.scsi.spc.PersistentReserveOut;
import org.snaptarget.scsi.spc.PreventAllowMediumRemoval;
import org.snaptarget.scsi.spc.ReceiveCopyResults;
import org.snaptarget.scsi.spc.ReportSupportedOperationCodes;
import org.snaptarget.scsi.spc.ReportSupportedTaskManagementFunctions;
import org.snaptarget.scsi.spc.ReportTargetPortGroups;
import org.snaptarget.scsi.spc.ReserveRelease;
import org.snaptarget.scsi.spc.ReportLuns;
import org.snaptarget.scsi.spc.RequestSense;

/**
 * The one command table of this target: every command it implements, with its CDB usage map
 * (SPC-4 §6.35.3), data direction, where it runs, how it touches the medium, and its handler.
 * Everything not listed here is INVALID COMMAND OPERATION CODE — notably ATA PASS-THROUGH (85h,
 * A1h), which ESXi probes and must be refused.
 *
 * <p>Usage maps: byte 0 is FFh; a 1 bit marks a bit the command defines and this target accepts.
 * Obsolete and protection fields (RDPROTECT/WRPROTECT — the LUs are not formatted with protection
 * information) and NACA/LINK in the CONTROL byte are 0, so setting them is INVALID FIELD IN CDB.
 */
public final class StandardCommands {

    private static final Set<CommandFlag> NONE = Set.of();
    private static final Set<CommandFlag> ANY_LUN = EnumSet.of(CommandFlag.ABSENT_LUN_ALLOWED, CommandFlag.UNIT_ATTENTION_EXEMPT,
            CommandFlag.ALLOWED_UNDER_RESERVATION);
    private static final Set<CommandFlag> UNDER_RESERVATION = EnumSet.of(CommandFlag.ALLOWED_UNDER_RESERVATION);
    private static final Set<CommandFlag> CHANGES = EnumSet.of(CommandFlag.CHANGES_MEDIUM);

    private static final CommandTable TABLE = new CommandTable(descriptors());

    private StandardCommands() {
    }

    /** @return the shared, immutable table */
    public static CommandTable table() {
        return TABLE;
    }

    /** @return every row, in table order of declaration */
    public static List<CommandDescriptor> descriptors() {
        List<CommandDescriptor> rows = new ArrayList<>();

        // SPC-4 primary commands
        rows.add(inline("TEST UNIT READY", 0x00, usage(0xFF, 0, 0, 0, 0, 0),
                DataDirection.NONE, MediumAccess.NONE, NONE, ctx -> CommandContext.good()));
        rows.add(inline("REQUEST SENSE", 0x03, usage(0xFF, 0x01, 0, 0, 0xFF, 0),
                DataDirection.IN, MediumAccess.NONE, ANY_LUN, RequestSense::execute));
        rows.add(inline("INQUIRY", 0x12, usage(0xFF, 0x01, 0xFF, 0xFF, 0xFF, 0),
                DataDirection.IN, MediumAccess.NONE, ANY_LUN, Inquiry::execute));
        rows.add(inline("MODE SENSE(6)", 0x1A, usage(0xFF, 0x08, 0xFF, 0xFF, 0xFF, 0),
                DataDirection.IN, MediumAccess.READ, NONE, ModeSense::execute6));
        rows.add(inline("MODE SENSE(10)", 0x5A, usage(0xFF, 0x18, 0xFF, 0xFF, 0, 0, 0, 0xFF, 0xFF, 0),
                DataDirection.IN, MediumAccess.READ, NONE, ModeSense::execute10));
        rows.add(inline("MODE SELECT(6)", 0x15, usage(0xFF, 0x11, 0, 0, 0xFF, 0),
                DataDirection.OUT, MediumAccess.WRITE, NONE, ModeSelect::execute6));
        rows.add(inline("MODE SELECT(10)", 0x55, usage(0xFF, 0x11, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0),
                DataDirection.OUT, MediumAccess.WRITE, NONE, ModeSelect::execute10));
        rows.add(inline("REPORT LUNS", 0xA0, usage(0xFF, 0, 0xFF, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                DataDirection.IN, MediumAccess.NONE, ANY_LUN, ReportLuns::execute));
        rows.add(new CommandDescriptor("REPORT SUPPORTED OPERATION CODES", 0xA3, 0x0C,
                usage(0xFF, 0x1F, 0x87, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                DataDirection.IN, Execution.INLINE, MediumAccess.NONE, NONE, ReportSupportedOperationCodes::execute));
        rows.add(new CommandDescriptor("REPORT TARGET PORT GROUPS", 0xA3, 0x0A,
                usage(0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                DataDirection.IN, Execution.INLINE, MediumAccess.NONE, NONE, ReportTargetPortGroups::execute));
        rows.add(new CommandDescriptor("REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS", 0xA3, 0x0D,
                usage(0xFF, 0x1F, 0x80, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                DataDirection.IN, Execution.INLINE, MediumAccess.NONE, NONE, ReportSupportedTaskManagementFunctions::execute));

        // Reservations: SPC-2 RESERVE/RELEASE and SPC-4 persistent reservations
        rows.add(inline("RESERVE(6)", 0x16, usage(0xFF, 0, 0, 0, 0, 0),
                DataDirection.NONE, MediumAccess.NONE, NONE, ReserveRelease::reserve));
        rows.add(inline("RELEASE(6)", 0x17, usage(0xFF, 0, 0, 0, 0, 0),
                DataDirection.NONE, MediumAccess.NONE, UNDER_RESERVATION, ReserveRelease::release));
        rows.add(inline("RESERVE(10)", 0x56, usage(0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                DataDirection.NONE, MediumAccess.NONE, NONE, ReserveRelease::reserve));
        rows.add(inline("RELEASE(10)", 0x57, usage(0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                DataDirection.NONE, MediumAccess.NONE, UNDER_RESERVATION, ReserveRelease::release));
        String[] prIn = {"READ KEYS", "READ RESERVATION", "REPORT CAPABILITIES", "READ FULL STATUS"};
        for (int sa = 0; sa < prIn.length; sa++) {
            rows.add(new CommandDescriptor("PERSISTENT RESERVE IN / " + prIn[sa], 0x5E, sa,
                    usage(0xFF, 0x1F, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0),
                    DataDirection.IN, Execution.INLINE, MediumAccess.NONE, UNDER_RESERVATION, PersistentReserveIn::execute));
        }
        String[] prOut = {"REGISTER", "RESERVE", "RELEASE", "CLEAR", "PREEMPT", "PREEMPT AND ABORT",
            "REGISTER AND IGNORE EXISTING KEY", "REGISTER AND MOVE"};
        for (int sa = 0; sa < prOut.length; sa++) {
            rows.add(new CommandDescriptor("PERSISTENT RESERVE OUT / " + prOut[sa], 0x5F, sa,
                    usage(0xFF, 0x1F, 0xFF, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0),
                    DataDirection.OUT, Execution.STORAGE, MediumAccess.NONE, NONE, PersistentReserveOut::execute));
        }

        // SBC-4 block commands
        rows.add(inline("READ CAPACITY(10)", 0x25, usage(0xFF, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0x01, 0),
                DataDirection.IN, MediumAccess.NONE, NONE, ReadCapacity::execute10));
        rows.add(new CommandDescriptor("READ CAPACITY(16)", 0x9E, 0x10,
                usage(0xFF, 0x1F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0),
                DataDirection.IN, Execution.INLINE, MediumAccess.NONE, NONE, ReadCapacity::execute16));
        rows.add(storage("START STOP UNIT", 0x1B, usage(0xFF, 0x01, 0, 0x0F, 0xF7, 0),
                DataDirection.NONE, MediumAccess.WRITE, NONE, StartStopUnit::execute));

        rows.add(storage("READ(6)", 0x08, usage(0xFF, 0x1F, 0xFF, 0xFF, 0xFF, 0),
                DataDirection.IN, MediumAccess.READ, NONE, ReadWrite::read));
        rows.add(storage("READ(10)", 0x28, usage(0xFF, 0x1E, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0xFF, 0xFF, 0),
                DataDirection.IN, MediumAccess.READ, NONE, ReadWrite::read));
        rows.add(storage("READ(12)", 0xA8, usage(0xFF, 0x1E, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0),
                DataDirection.IN, MediumAccess.READ, NONE, ReadWrite::read));
        rows.add(storage("READ(16)", 0x88, usage(0xFF, 0x1E, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0),
                DataDirection.IN, MediumAccess.READ, NONE, ReadWrite::read));
        rows.add(storage("WRITE(6)", 0x0A, usage(0xFF, 0x1F, 0xFF, 0xFF, 0xFF, 0),
                DataDirection.OUT, MediumAccess.WRITE, CHANGES, ReadWrite::write));
        rows.add(storage("WRITE(10)", 0x2A, usage(0xFF, 0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0xFF, 0xFF, 0),
                DataDirection.OUT, MediumAccess.WRITE, CHANGES, ReadWrite::write));
        rows.add(storage("WRITE(12)", 0xAA, usage(0xFF, 0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0),
                DataDirection.OUT, MediumAccess.WRITE, CHANGES, ReadWrite::write));
        rows.add(storage("WRITE(16)", 0x8A, usage(0xFF, 0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0),
                DataDirection.OUT, MediumAccess.WRITE, CHANGES, ReadWrite::write));
        rows.add(storage("ORWRITE(16)", 0x8B, usage(0xFF, 0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0),
                DataDirection.OUT, MediumAccess.WRITE, CHANGES, OrWrite::execute));
        rows.add(storage("WRITE ATOMIC(16)", WriteAtomic.OPCODE, usage(0xFF, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0),
                DataDirection.OUT, MediumAccess.WRITE, CHANGES, WriteAtomic::execute16));
        rows.add(inline("READ DEFECT DATA(10)", 0x37, usage(0xFF, 0, 0x1F, 0, 0, 0, 0, 0xFF, 0xFF, 0),
                DataDirection.IN, MediumAccess.READ, NONE, ReadDefectData::execute10));
        rows.add(inline("READ DEFECT DATA(12)", 0xB7, usage(0xFF, 0x1F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                DataDirection.IN, MediumAccess.READ, NONE, ReadDefectData::execute12));
        rows.add(storage("SYNCHRONIZE CACHE(10)", 0x35, usage(0xFF, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0xFF, 0xFF, 0),
                DataDirection.NONE, MediumAccess.WRITE, NONE, SynchronizeCache::execute10));
        rows.add(storage("SYNCHRONIZE CACHE(16)", 0x91, usage(0xFF, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0),
                DataDirection.NONE, MediumAccess.WRITE, NONE, SynchronizeCache::execute16));
        rows.add(storage("PRE-FETCH(10)", 0x34, usage(0xFF, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0xFF, 0xFF, 0),
                DataDirection.NONE, MediumAccess.READ, NONE, PreFetch::execute10));
        rows.add(storage("PRE-FETCH(16)", 0x90, usage(0xFF, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0),
                DataDirection.NONE, MediumAccess.READ, NONE, PreFetch::execute16));
        rows.add(inline("PREVENT ALLOW MEDIUM REMOVAL", 0x1E, usage(0xFF, 0, 0, 0, 0x03, 0),
                DataDirection.NONE, MediumAccess.NONE, NONE, PreventAllowMediumRemoval::execute));

        // Verification
        rows.add(storage("VERIFY(10)", 0x2F, usage(0xFF, 0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0xFF, 0xFF, 0),
                DataDirection.OUT, MediumAccess.READ, NONE, Verify::verify));
        rows.add(storage("VERIFY(12)", 0xAF, usage(0xFF, 0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0),
                DataDirection.OUT, MediumAccess.READ, NONE, Verify::verify));
        rows.add(storage("VERIFY(16)", 0x8F, usage(0xFF, 0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0),
                DataDirection.OUT, MediumAccess.READ, NONE, Verify::verify));
        rows.add(storage("WRITE AND VERIFY(10)", 0x2E, usage(0xFF, 0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0xFF, 0xFF, 0),
                DataDirection.OUT, MediumAccess.WRITE, CHANGES, Verify::writeAndVerify));
        rows.add(storage("WRITE AND VERIFY(12)", 0xAE, usage(0xFF, 0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0),
                DataDirection.OUT, MediumAccess.WRITE, CHANGES, Verify::writeAndVerify));
        rows.add(storage("WRITE AND VERIFY(16)", 0x8E, usage(0xFF, 0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0),
                DataDirection.OUT, MediumAccess.WRITE, CHANGES, Verify::writeAndVerify));

        // Thin provisioning and VAAI
        rows.add(storage("WRITE SAME(10)", 0x41, usage(0xFF, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0xFF, 0xFF, 0),
                DataDirection.OUT, MediumAccess.WRITE, CHANGES, WriteSame::execute10));
        rows.add(storage("WRITE SAME(16)", 0x93, usage(0xFF, 0x09, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0),
                DataDirection.OUT, MediumAccess.WRITE, CHANGES, WriteSame::execute16));
        rows.add(storage("UNMAP", 0x42, usage(0xFF, 0, 0, 0, 0, 0, 0x1F, 0xFF, 0xFF, 0),
                DataDirection.OUT, MediumAccess.WRITE, CHANGES, Unmap::execute));
        rows.add(new CommandDescriptor("GET LBA STATUS", 0x9E, 0x12,
                usage(0xFF, 0x1F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                DataDirection.IN, Execution.STORAGE, MediumAccess.READ, NONE, GetLbaStatus::execute));
        rows.add(storage("COMPARE AND WRITE", 0x89, usage(0xFF, 0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0, 0, 0, 0xFF, 0x1F, 0),
                DataDirection.OUT, MediumAccess.WRITE, CHANGES, CompareAndWrite::execute));
        rows.add(new CommandDescriptor("EXTENDED COPY(LID1)", 0x83, 0x00,
                usage(0xFF, 0x1F, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                DataDirection.OUT, Execution.STORAGE, MediumAccess.WRITE, NONE, ExtendedCopy::execute));
        rows.add(new CommandDescriptor("RECEIVE COPY RESULTS / COPY STATUS", 0x84, 0x00,
                usage(0xFF, 0x1F, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                DataDirection.IN, Execution.INLINE, MediumAccess.NONE, NONE, ReceiveCopyResults::copyStatus));
        rows.add(new CommandDescriptor("RECEIVE COPY RESULTS / OPERATING PARAMETERS", 0x84, 0x03,
                usage(0xFF, 0x1F, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                DataDirection.IN, Execution.INLINE, MediumAccess.NONE, NONE, ReceiveCopyResults::operatingParameters));
        return rows;
    }

    private static CommandDescriptor inline(String name, int opcode, byte[] usage, DataDirection direction,
                                            MediumAccess access, Set<CommandFlag> flags, CommandHandler handler) {
        return new CommandDescriptor(name, opcode, NO_SERVICE_ACTION, usage, direction, Execution.INLINE, access, flags, handler);
    }

    private static CommandDescriptor storage(String name, int opcode, byte[] usage, DataDirection direction,
                                             MediumAccess access, Set<CommandFlag> flags, CommandHandler handler) {
        return new CommandDescriptor(name, opcode, NO_SERVICE_ACTION, usage, direction, Execution.STORAGE, access, flags, handler);
    }
}
