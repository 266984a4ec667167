package org.snaptarget.scsi.sbc;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;

/**
 * PRE-FETCH(10) and PRE-FETCH(16) (SBC-4 §5.9, §5.10). CDB: IMMED (byte 1 bit 1), LBA,
 * PREFETCH LENGTH. The range must lie inside the medium (LBA OUT OF RANGE); then GOOD, which tells
 * the initiator the blocks were not promised to stay cached (the page cache decides that, not this
 * target), so it never relies on a CONDITION MET it did not get.
 */
public final class PreFetch {

    private PreFetch() {
    }

    public static ScsiResponse execute10(CommandContext ctx) throws SenseException {
        ctx.unit().checkRange(ctx.cdb().u32(2), ctx.cdb().u16(7));
        return CommandContext.good();
    }

    public static ScsiResponse execute16(CommandContext ctx) throws SenseException {
        ctx.unit().checkRange(ctx.cdb().u64(2), ctx.cdb().u32(10));
        return CommandContext.good();
    }
}
