package org.snaptarget.scsi.spc;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseFormat;
import org.snaptarget.scsi.sense.SenseReason;
import org.snaptarget.scsi.sense.SenseResponder;

/**
 * REQUEST SENSE (SPC-4 §6.39). CDB: byte 1 bit 0 DESC, byte 4 ALLOCATION LENGTH. This target
 * returns sense with the status of the failed command (autosense), so the only sense REQUEST SENSE
 * can report is a pending unit attention (which it reports and clears), LOGICAL UNIT NOT SUPPORTED
 * for a LUN without a LU (§6.39: with GOOD status), or NO SENSE. DESC selects the format of the
 * parameter data whatever the LU's D_SENSE: 0 fixed (18 bytes), 1 descriptor (8 bytes, no
 * descriptors to add).
 */
public final class RequestSense {

    private RequestSense() {
    }

    public static ScsiResponse execute(CommandContext ctx) throws SenseException {
        SenseFormat format = ctx.cdb().bit(1, 0) ? SenseFormat.DESCRIPTOR : SenseFormat.FIXED;
        int allocationLength = ctx.cdb().u8(4);
        SenseReason reason;
        if (ctx.unit() == null) {
            reason = SenseReason.LOGICAL_UNIT_NOT_SUPPORTED;
        } else {
            SenseReason attention = ctx.pollUnitAttention();
            reason = attention != null ? attention : SenseReason.NO_SENSE;
        }
        byte[] sense = SenseResponder.build(SenseException.of(reason), format);
        return CommandContext.dataIn(sense, sense.length, allocationLength);
    }
}
