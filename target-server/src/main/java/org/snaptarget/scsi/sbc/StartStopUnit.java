package org.snaptarget.scsi.sbc;

import java.io.IOException;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;

/**
 * START STOP UNIT (SBC-4 §5.25). CDB: IMMED (byte 1 bit 0), POWER CONDITION MODIFIER (byte 3),
 * POWER CONDITION (byte 4 bits 7..4), NO_FLUSH (bit 2), LOEJ (bit 1), START (bit 0). The medium is
 * not removable and has no power states, so the command is accepted; a stop (START=0) without
 * NO_FLUSH flushes the device first, as a disk would write back its cache. Power conditions other
 * than 0h (START_VALID) are INVALID FIELD IN CDB at byte 4.
 */
public final class StartStopUnit {

    private StartStopUnit() {
    }

    public static ScsiResponse execute(CommandContext ctx) throws SenseException, IOException {
        int b4 = ctx.cdb().u8(4);
        if ((b4 >>> 4) != 0) {
            throw SenseException.invalidCdbField(4, 7);
        }
        boolean start = (b4 & 0x01) != 0;
        boolean noFlush = (b4 & 0x04) != 0;
        if (!start && !noFlush) {
            ctx.unit().device().flush();
        }
        return CommandContext.good();
    }
}
