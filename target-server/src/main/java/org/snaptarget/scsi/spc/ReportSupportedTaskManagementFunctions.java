package org.snaptarget.scsi.spc;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.ScsiResponse;

/**
 * REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS (SPC-4 §6.36, MAINTENANCE IN A3h service action 0Dh).
 * CDB: REPTD (byte 2 bit 7), ALLOCATION LENGTH (bytes 6..9). Reports what
 * {@link org.snaptarget.scsi.LogicalUnitTable#taskManagement} performs: ABORT TASK (ATS), ABORT TASK
 * SET (ATSS), CLEAR TASK SET (CTSS), LOGICAL UNIT RESET (LURS), TARGET RESET (TRS); not CLEAR ACA,
 * QUERY TASK or I_T NEXUS RESET. The basic format is 4 bytes; REPTD=1 asks for the 16-byte
 * extended format (additional data length 0Ch).
 */
public final class ReportSupportedTaskManagementFunctions {

    private static final int ATS = 0x80;
    private static final int ATSS = 0x40;
    private static final int CTSS = 0x10;
    private static final int LURS = 0x08;
    private static final int TRS = 0x02;

    private ReportSupportedTaskManagementFunctions() {
    }

    public static ScsiResponse execute(CommandContext ctx) {
        boolean extended = ctx.cdb().bit(2, 7);
        long allocationLength = ctx.cdb().u32(6);
        byte[] data = new byte[extended ? 16 : 4];
        data[0] = (byte) (ATS | ATSS | CTSS | LURS | TRS);
        if (extended) {
            data[3] = 0x0C;
        }
        return CommandContext.dataIn(data, data.length, allocationLength);
    }
}
