package org.snaptarget.scsi.spc;

import java.util.List;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.LunAddress;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;

/**
 * REPORT LUNS (SPC-4 §6.33). CDB: byte 2 SELECT REPORT, bytes 6..9 ALLOCATION LENGTH. SELECT
 * REPORT 00h and 02h list every LU (this target has no well-known LUs), 01h lists none; other
 * values are INVALID FIELD IN CDB at byte 2; only LUs the nexus may access are listed. An
 * allocation length below 16 is INVALID FIELD IN CDB at byte 6. Each LUN is encoded single-level by {@link LunAddress}. Answered for any LUN, including
 * one without a LU.
 */
public final class ReportLuns {

    private ReportLuns() {
    }

    public static ScsiResponse execute(CommandContext ctx) throws SenseException {
        int select = ctx.cdb().u8(2);
        long allocationLength = ctx.cdb().u32(6);
        if (select > 2) {
            throw SenseException.invalidCdbField(2);
        }
        if (allocationLength < 16) {
            throw SenseException.invalidCdbField(6);
        }
        List<Long> luns = select == 1 ? List.of() : ctx.target().lunNumbers(ctx.nexus());
        int listLength = 8 * luns.size();
        byte[] data = new byte[8 + listLength];
        data[0] = (byte) (listLength >>> 24);
        data[1] = (byte) (listLength >>> 16);
        data[2] = (byte) (listLength >>> 8);
        data[3] = (byte) listLength;
        int at = 8;
        for (long lun : luns) {
            long field = LunAddress.encode(lun);
            for (int i = 0; i < 8; i++) {
                data[at++] = (byte) (field >>> (56 - 8 * i));
            }
        }
        return CommandContext.dataIn(data, data.length, allocationLength);
    }
}
