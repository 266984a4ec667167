package org.snaptarget.scsi.sbc;

import java.io.IOException;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;

/**
 * SYNCHRONIZE CACHE(10) and (16) (SBC-4 §5.26, §5.27). CDB: IMMED (byte 1 bit 1), LBA, NUMBER OF
 * LOGICAL BLOCKS (0 = to the end of the medium). The range must lie inside the medium (LBA OUT OF
 * RANGE); the whole device is then flushed, which covers any range. IMMED is accepted, and GOOD is
 * still returned only after the flush: the standard allows reporting early, never requires it.
 */
public final class SynchronizeCache {

    private SynchronizeCache() {
    }

    public static ScsiResponse execute10(CommandContext ctx) throws SenseException, IOException {
        return execute(ctx, ctx.cdb().u32(2), ctx.cdb().u16(7));
    }

    public static ScsiResponse execute16(CommandContext ctx) throws SenseException, IOException {
        return execute(ctx, ctx.cdb().u64(2), ctx.cdb().u32(10));
    }

    private static ScsiResponse execute(CommandContext ctx, long lba, long blocks) throws SenseException, IOException {
        ctx.unit().checkRange(lba, blocks);
        ctx.unit().device().flush();
        return CommandContext.good();
    }
}
