package org.snaptarget.scsi.spc;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;

/**
 * PREVENT ALLOW MEDIUM REMOVAL (SBC-4 §5.14). CDB: PREVENT (byte 4 bits 1..0). The medium is not
 * removable (INQUIRY RMB=0), so there is nothing to lock: values 00b (allow) and 01b (prevent) are
 * accepted and have no effect; 10b and 11b (obsolete, for media changers) are INVALID FIELD IN CDB.
 */
public final class PreventAllowMediumRemoval {

    private PreventAllowMediumRemoval() {
    }

    public static ScsiResponse execute(CommandContext ctx) throws SenseException {
        int prevent = ctx.cdb().u8(4) & 0x03;
        if (prevent > 1) {
            throw SenseException.invalidCdbField(4, 1);
        }
        return CommandContext.good();
    }
}
