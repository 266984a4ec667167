package org.snaptarget.scsi.sbc;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.RangeLock;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;

/**
 * ORWRITE(16) (SBC-4 §5.9): the medium becomes the bitwise OR of its current content and the
 * data-out buffer. CDB as WRITE(16) (ORPROTECT must be 0). The range lock is held across read, OR
 * and write, so the operation is atomic against every other write, like COMPARE AND WRITE. Transfer
 * length, range and EDTL rules are those of WRITE ({@link ReadWrite}): only the bytes that arrived
 * are combined.
 */
public final class OrWrite {

    private OrWrite() {
    }

    public static ScsiResponse execute(CommandContext ctx) throws SenseException, IOException {
        LogicalUnit unit = ctx.unit();
        BlockTransfer t = BlockTransfer.decode(ctx.cdb(), 16);
        t.check(unit, 10);
        int bs = unit.blockSize();
        long bytes = t.bytes(bs);
        int n = (int) Math.min(bytes, ctx.dataOutLength());
        if (n > 0) {
            ByteBuf data = ctx.dataOut();
            int base = data.readerIndex();
            long offset = t.offset(bs);
            try (RangeLock.Held held = unit.writeLock().lock(offset, ReadWrite.wholeBlocks(n, bs))) {
                ByteBuffer current = ByteBuffer.allocate(n);
                unit.device().read(offset, current);
                byte[] merged = current.array();
                for (int i = 0; i < n; i++) {
                    merged[i] |= data.getByte(base + i);
                }
                unit.device().write(offset, ByteBuffer.wrap(merged), t.fua());
            }
        }
        return CommandContext.good(bytes);
    }
}
