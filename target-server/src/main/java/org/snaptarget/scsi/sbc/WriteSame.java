package org.snaptarget.scsi.sbc;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;

import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.RangeLock;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseReason;

/**
 * WRITE SAME(10) and WRITE SAME(16) (SBC-4 §5.45, §5.46).
 *
 * <p>CDB: UNMAP (byte 1 bit 3), NDOB (byte 1 bit 0, 16-byte form only: no data-out, the block is
 * zeros), LBA, NUMBER OF LOGICAL BLOCKS. ANCHOR is not supported (ANC_SUP=0), so the usage map
 * refuses it. Checks, in order: zero blocks is INVALID FIELD IN CDB (the Block Limits page says
 * WSNZ=1); more than MAXIMUM WRITE SAME LENGTH is INVALID FIELD IN CDB; the range must lie inside
 * the medium; without NDOB, data-out other than exactly one block is PARAMETER LIST LENGTH ERROR.
 *
 * <p>Effect: with UNMAP=1 on a thin device whose unmapped blocks read as zeros, a zero block (or
 * NDOB) deallocates the range — the result reads exactly as if the zeros had been written;
 * otherwise the block is written to every LBA of the range, in chunks of up to 1 MiB built once
 * per command. The range lock is held throughout, so COMPARE AND WRITE sees it whole or not at all.
 */
public final class WriteSame {

    private static final int CHUNK = 1 << 20;

    private WriteSame() {
    }

    public static ScsiResponse execute10(CommandContext ctx) throws SenseException, IOException {
        return execute(ctx, ctx.cdb().u32(2), ctx.cdb().u16(7), 7, false);
    }

    public static ScsiResponse execute16(CommandContext ctx) throws SenseException, IOException {
        return execute(ctx, ctx.cdb().u64(2), ctx.cdb().u32(10), 10, ctx.cdb().bit(1, 0));
    }

    private static ScsiResponse execute(CommandContext ctx, long lba, long blocks, int lengthField, boolean ndob)
            throws SenseException, IOException {
        LogicalUnit unit = ctx.unit();
        BlockDevice device = unit.device();
        int bs = unit.blockSize();
        boolean unmap = ctx.cdb().bit(1, 3);
        if (blocks == 0) {
            throw SenseException.invalidCdbField(lengthField);
        }
        if (blocks > BlockLimits.maxWriteSameBlocks(bs)) {
            throw SenseException.invalidCdbField(lengthField);
        }
        unit.checkRange(lba, blocks);
        byte[] block = new byte[bs];
        if (!ndob) {
            ByteBuf data = ctx.dataOut();
            if (data == null || data.readableBytes() != bs) {
                throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
            }
            data.getBytes(data.readerIndex(), block);
        }
        long offset = lba * bs;
        long length = blocks * bs;
        try (RangeLock.Held held = unit.writeLock().lock(offset, length)) {
            if (unmap && device.thinProvisioned() && device.unmapReadsZero() && isZero(block)) {
                device.unmap(offset, length);
            } else {
                writeRepeated(device, offset, length, block);
            }
        }
        return CommandContext.good(ndob ? 0 : bs);
    }

    private static void writeRepeated(BlockDevice device, long offset, long length, byte[] block) throws IOException {
        int chunkLength = (int) Math.min(CHUNK, length);
        ByteBuffer chunk = ByteBuffer.allocateDirect(chunkLength);
        while (chunk.hasRemaining()) {
            chunk.put(block, 0, Math.min(block.length, chunk.remaining()));
        }
        long position = offset;
        long end = offset + length;
        while (position < end) {
            int n = (int) Math.min(chunkLength, end - position);
            device.write(position, chunk.clear().limit(n), false);
            position += n;
        }
    }

    static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
