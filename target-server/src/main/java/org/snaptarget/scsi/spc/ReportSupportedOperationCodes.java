package org.snaptarget.scsi.spc;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.CommandDescriptor;
import org.snaptarget.scsi.CommandTable;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sbc.WriteAtomic;
import org.snaptarget.scsi.sense.SenseException;

/**
 * REPORT SUPPORTED OPERATION CODES (SPC-4 §6.35, MAINTENANCE IN A3h service action 0Ch), generated
 * from the {@link CommandTable} so that what is reported is exactly what is dispatched.
 *
 * <p>CDB: RCTD (byte 2 bit 7), REPORTING OPTIONS (byte 2 bits 2..0), REQUESTED OPERATION CODE
 * (byte 3), REQUESTED SERVICE ACTION (bytes 4..5), ALLOCATION LENGTH (bytes 6..9).
 * <ul>
 *   <li>000b: every command, one 8-byte command descriptor each (20 with RCTD: plus a command
 *       timeouts descriptor), SERVACTV set for service-action commands.</li>
 *   <li>001b: one command without service action; an opcode that has service actions is INVALID
 *       FIELD IN CDB at byte 3.</li>
 *   <li>010b: one command with service action; an opcode without them is INVALID FIELD IN CDB at
 *       byte 3.</li>
 *   <li>011b: one command, with its service action if the opcode has them.</li>
 *   <li>Other options are INVALID FIELD IN CDB at byte 2.</li>
 * </ul>
 * A one-command answer has SUPPORT 011b with the CDB usage map (its opcode byte holding the opcode
 * and its service action field the service action), or 001b (not supported) and no map.
 * Timeouts are reported as 0 (not specified) nominal and 30 s recommended.
 *
 * <p>The answer is for the addressed LU: a command of the table that this LU does not offer —
 * WRITE ATOMIC(16) on a device that keeps no write whole across power loss
 * ({@link WriteAtomic#offeredBy}) — is left out of the list and reported as not supported.
 */
public final class ReportSupportedOperationCodes {

    private static final int RECOMMENDED_TIMEOUT_SECONDS = 30;

    private ReportSupportedOperationCodes() {
    }

    public static ScsiResponse execute(CommandContext ctx) throws SenseException {
        CommandTable table = ctx.target().commandTable();
        boolean rctd = ctx.cdb().bit(2, 7);
        int options = ctx.cdb().u8(2) & 0x07;
        int opcode = ctx.cdb().u8(3);
        int serviceAction = ctx.cdb().u16(4);
        long allocationLength = ctx.cdb().u32(6);
        byte[] data = switch (options) {
            case 0 -> all(table, ctx.unit(), rctd);
            case 1 -> {
                if (table.usesServiceActions(opcode)) {
                    throw SenseException.invalidCdbField(3);
                }
                yield one(offered(table.descriptor(opcode, -1), ctx.unit()), rctd);
            }
            case 2 -> {
                if (!table.usesServiceActions(opcode)) {
                    throw SenseException.invalidCdbField(3);
                }
                yield one(offered(table.descriptor(opcode, serviceAction), ctx.unit()), rctd);
            }
            case 3 -> one(offered(table.descriptor(opcode, table.usesServiceActions(opcode) ? serviceAction : -1),
                    ctx.unit()), rctd);
            default -> throw SenseException.invalidCdbField(2, 2);
        };
        return CommandContext.dataIn(data, data.length, allocationLength);
    }

    /** @return the row, if the addressed LU offers the command */
    private static Optional<CommandDescriptor> offered(Optional<CommandDescriptor> row, LogicalUnit unit) {
        return row.filter(d -> offers(unit, d));
    }

    private static boolean offers(LogicalUnit unit, CommandDescriptor d) {
        return d.opcode() != WriteAtomic.OPCODE || WriteAtomic.offeredBy(unit);
    }

    private static byte[] all(CommandTable table, LogicalUnit unit, boolean rctd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[4]);
        for (CommandDescriptor d : table.all()) {
            if (!offers(unit, d)) {
                continue;
            }
            byte[] c = new byte[8];
            c[0] = (byte) d.opcode();
            if (d.hasServiceAction()) {
                c[2] = (byte) (d.serviceAction() >>> 8);
                c[3] = (byte) d.serviceAction();
                c[5] = 0x01;                                // SERVACTV
            }
            if (rctd) {
                c[5] |= 0x02;                               // CTDP
            }
            c[6] = (byte) (d.cdbLength() >>> 8);
            c[7] = (byte) d.cdbLength();
            out.writeBytes(c);
            if (rctd) {
                out.writeBytes(timeouts());
            }
        }
        byte[] data = out.toByteArray();
        int length = data.length - 4;
        data[0] = (byte) (length >>> 24);
        data[1] = (byte) (length >>> 16);
        data[2] = (byte) (length >>> 8);
        data[3] = (byte) length;
        return data;
    }

    private static byte[] one(Optional<CommandDescriptor> found, boolean rctd) {
        if (found.isEmpty()) {
            return new byte[] {0, 0x01, 0, 0};              // SUPPORT 001b: not supported
        }
        CommandDescriptor d = found.get();
        byte[] usage = d.usage().clone();
        usage[0] = (byte) d.opcode();
        if (d.hasServiceAction()) {
            usage[1] = (byte) ((usage[1] & ~0x1F) | d.serviceAction());      // §6.35.3: the service action in its place
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write((rctd ? 0x80 : 0) | 0x03);               // CTDP, SUPPORT 011b
        out.write(usage.length >>> 8);
        out.write(usage.length);
        out.writeBytes(usage);
        if (rctd) {
            out.writeBytes(timeouts());
        }
        return out.toByteArray();
    }

    private static byte[] timeouts() {
        byte[] t = new byte[12];
        t[1] = 0x0A;                                        // DESCRIPTOR LENGTH
        t[11] = (byte) RECOMMENDED_TIMEOUT_SECONDS;
        return t;
    }
}
