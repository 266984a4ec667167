package org.snaptarget.scsi.sbc;

import java.io.IOException;

import io.netty.buffer.ByteBuf;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.RangeLock;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;

/**
 * READ(6/10/12/16) and WRITE(6/10/12/16) (SBC-4 §5.10-5.13, §5.29-5.32).
 *
 * <p>Range and length: LBA OUT OF RANGE (21h/00h) when the range leaves the medium, also for a
 * zero-length transfer whose LBA is past the end; INVALID FIELD IN CDB for a transfer longer than
 * the Block Limits maximum. A TRANSFER LENGTH of 0 moves no data and completes with GOOD, except in
 * the 6-byte forms, where 0 means 256 blocks.
 *
 * <p>Transfer length versus the transport's expected data transfer length (EDTL): the command is
 * executed on {@code min(EDTL, CDB length)} bytes and the response carries the CDB's length in
 * bytes so the transport reports the residual (RFC 7143 §11.4.5.2; FCP-4 §9.4.2 option (a), the
 * choice libiscsi's residual tests accept and LIO makes): a READ reads only what the initiator
 * will receive; a WRITE writes exactly the bytes that arrived — possibly ending mid-block — and
 * nothing beyond them.
 *
 * <p>Buffers: a READ allocates one direct buffer from the target's allocator and reads into its
 * NIO view (no intermediate copy); a WRITE hands the data-out buffer's NIO views to the device.
 * FUA writes are durable before GOOD. DPO is accepted and ignored. Writes hold the LU's
 * {@link RangeLock} for their range rounded out to whole blocks, which makes COMPARE AND WRITE
 * atomic against them and keeps a device's read-modify-write of a partial block from racing
 * another write to the same block.
 */
public final class ReadWrite {

    private ReadWrite() {
    }

    public static ScsiResponse read(CommandContext ctx) throws SenseException, IOException {
        LogicalUnit unit = ctx.unit();
        int cdbLength = ctx.descriptor().cdbLength();
        BlockTransfer t = BlockTransfer.decode(ctx.cdb(), cdbLength);
        t.check(unit, BlockTransfer.lengthField(cdbLength));
        int bs = unit.blockSize();
        long bytes = t.bytes(bs);
        int n = (int) Math.min(bytes, Integer.toUnsignedLong(ctx.command().expectedTransferLength()));
        if (n == 0) {
            return CommandContext.good(bytes);
        }
        ByteBuf buf = ctx.allocator().directBuffer(n, n);
        try {
            unit.device().read(t.offset(bs), buf.nioBuffer(0, n));
            buf.writerIndex(n);
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
        return new ScsiResponse(ScsiResponse.GOOD, buf, null, bytes);
    }

    public static ScsiResponse write(CommandContext ctx) throws SenseException, IOException {
        LogicalUnit unit = ctx.unit();
        int cdbLength = ctx.descriptor().cdbLength();
        BlockTransfer t = BlockTransfer.decode(ctx.cdb(), cdbLength);
        t.check(unit, BlockTransfer.lengthField(cdbLength));
        int bs = unit.blockSize();
        long bytes = t.bytes(bs);
        int n = (int) Math.min(bytes, ctx.dataOutLength());
        if (n > 0) {
            ByteBuf data = ctx.dataOut();
            long offset = t.offset(bs);
            try (RangeLock.Held held = unit.writeLock().lock(offset, wholeBlocks(n, bs))) {
                unit.device().write(offset, data.nioBuffers(data.readerIndex(), n), t.fua());
            }
        }
        return CommandContext.good(bytes);
    }

    /**
     * @return {@code n} rounded up to whole blocks: a write truncated mid-block still locks its
     *         whole last block, because a device may have to read-modify-write that block
     */
    static long wholeBlocks(long n, int blockSize) {
        return (n + blockSize - 1) / blockSize * blockSize;
    }
}
