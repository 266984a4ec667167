package org.snaptarget.scsi.sbc;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.RangeLock;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseReason;

/**
 * COMPARE AND WRITE (SBC-4 §5.3), ESXi's atomic test-and-set (ATS) heartbeat and lock.
 *
 * <p>CDB: FUA (byte 1 bit 3), DPO, LBA (bytes 2..9), NUMBER OF LOGICAL BLOCKS N (byte 13). The
 * data-out buffer holds 2N blocks: the verify instance, then the write instance. N=0 with no data
 * does nothing;
 * N above MAXIMUM COMPARE AND WRITE LENGTH is INVALID FIELD IN CDB at byte 13; the range must lie
 * inside the medium; a data-out length other than exactly 2N blocks (the initiator's EDTL or the
 * bytes that arrived) is INVALID FIELD IN CDB at byte 13 — a partial compare-and-write would not
 * be the atomic operation the initiator asked for.
 *
 * <p>Atomicity: the LU's {@link RangeLock} is held over read, compare and write, and every other
 * command that changes the medium takes the same lock for its range, so no write interleaves. On a
 * miscompare nothing is written, and the sense is MISCOMPARE DURING VERIFY OPERATION (0Eh/1Dh/00h)
 * with INFORMATION = the offset of the first differing byte within the compared data. Never-written
 * blocks read as zeros, so a compare against zeros on them succeeds, as ESXi expects.
 */
public final class CompareAndWrite {

    private CompareAndWrite() {
    }

    public static ScsiResponse execute(CommandContext ctx) throws SenseException, IOException {
        LogicalUnit unit = ctx.unit();
        long lba = ctx.cdb().u64(2);
        int blocks = ctx.cdb().u8(13);
        boolean fua = ctx.cdb().bit(1, 3);
        int bs = unit.blockSize();
        if (blocks > BlockLimits.MAX_COMPARE_AND_WRITE_BLOCKS) {
            throw SenseException.invalidCdbField(13);
        }
        unit.checkRange(lba, blocks);
        int half = blocks * bs;
        if (ctx.command().expectedTransferLength() != 2 * half || ctx.dataOutLength() != 2 * half) {
            throw SenseException.invalidCdbField(13);
        }
        if (blocks == 0) {
            return CommandContext.good(0);
        }
        ByteBuf data = ctx.dataOut();
        int base = data.readerIndex();
        long offset = lba * bs;
        try (RangeLock.Held held = unit.writeLock().lock(offset, half)) {
            ByteBuffer current = ByteBuffer.allocate(half);
            unit.device().read(offset, current);
            byte[] have = current.array();
            for (int i = 0; i < half; i++) {
                if (have[i] != data.getByte(base + i)) {
                    throw SenseException.withInformation(SenseReason.MISCOMPARE_DURING_VERIFY_OPERATION, i);
                }
            }
            unit.device().write(offset, data.nioBuffers(base + half, half), fua);
        }
        return CommandContext.good(2L * half);
    }
}
