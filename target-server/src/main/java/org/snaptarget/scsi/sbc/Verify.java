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
 * VERIFY(10/12/16) (SBC-4 §5.40-5.42) and WRITE AND VERIFY(10/12/16) (SBC-4 §5.47-5.49).
 *
 * <p>VERIFY, by BYTCHK (byte 1 bits 2..1): 00b reads the range back (a medium check; Windows'
 * format uses it); 01b compares the range with the data-out buffer (one block per LBA); 11b
 * compares every block of the range with the single block sent; 10b is INVALID FIELD IN CDB. A
 * difference is MISCOMPARE DURING VERIFY OPERATION with INFORMATION = the offset of the first
 * differing byte from the start of the data-out buffer. With BYTCHK≠0, less data-out than the
 * comparison needs is refused with INVALID FIELD IN CDB at the length field, before any read.
 * A VERIFICATION LENGTH of 0 verifies nothing and completes with GOOD.
 *
 * <p>WRITE AND VERIFY writes like WRITE (the range lock held) and then reads the range back and
 * compares it with what was written, so a device that silently lost the write is caught (BYTCHK
 * selects the same check; both values read back).
 */
public final class Verify {

    private static final int CHUNK = 1 << 20;

    private Verify() {
    }

    public static ScsiResponse verify(CommandContext ctx) throws SenseException, IOException {
        LogicalUnit unit = ctx.unit();
        int cdbLength = ctx.descriptor().cdbLength();
        int lengthField = BlockTransfer.lengthField(cdbLength);
        BlockTransfer t = BlockTransfer.decode(ctx.cdb(), cdbLength);
        int bytchk = (ctx.cdb().u8(1) >>> 1) & 0x03;
        if (bytchk == 2) {
            throw SenseException.invalidCdbField(1, 2);
        }
        t.check(unit, lengthField);
        int bs = unit.blockSize();
        long bytes = t.bytes(bs);
        if (bytes == 0) {
            return CommandContext.good(0);
        }
        long offset = t.offset(bs);
        if (bytchk == 0) {
            readRange(unit, offset, bytes);
            return CommandContext.good(0);
        }
        long expected = bytchk == 1 ? bytes : bs;
        if (ctx.dataOutLength() < expected) {
            throw SenseException.invalidCdbField(lengthField);
        }
        compare(unit, offset, bytes, ctx.dataOut(), bytchk == 3 ? bs : 0);
        return CommandContext.good(expected);
    }

    public static ScsiResponse writeAndVerify(CommandContext ctx) throws SenseException, IOException {
        LogicalUnit unit = ctx.unit();
        int cdbLength = ctx.descriptor().cdbLength();
        int lengthField = BlockTransfer.lengthField(cdbLength);
        BlockTransfer t = BlockTransfer.decode(ctx.cdb(), cdbLength);
        int bytchk = (ctx.cdb().u8(1) >>> 1) & 0x03;
        if (bytchk > 1) {
            throw SenseException.invalidCdbField(1, 2);
        }
        t.check(unit, lengthField);
        int bs = unit.blockSize();
        long bytes = t.bytes(bs);
        int n = (int) Math.min(bytes, ctx.dataOutLength());
        if (n > 0) {
            ByteBuf data = ctx.dataOut();
            long offset = t.offset(bs);
            try (RangeLock.Held held = unit.writeLock().lock(offset, ReadWrite.wholeBlocks(n, bs))) {
                unit.device().write(offset, data.nioBuffers(data.readerIndex(), n), false);
                compare(unit, offset, n, data, 0);
            }
        }
        return CommandContext.good(bytes);
    }

    private static void readRange(LogicalUnit unit, long offset, long length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(CHUNK, length));
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(buf.capacity(), length - done);
            unit.device().read(offset + done, buf.clear().limit(n));
            done += n;
        }
    }

    /**
     * Compares the medium range with the data-out buffer: byte for byte when {@code repeat} is 0,
     * else every block against the first {@code repeat} bytes of the buffer.
     */
    private static void compare(LogicalUnit unit, long offset, long length, ByteBuf data, int repeat)
            throws IOException, SenseException {
        int base = data.readerIndex();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, length));
        byte[] have = buf.array();
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(have.length, length - done);
            unit.device().read(offset + done, buf.clear().limit(n));
            for (int i = 0; i < n; i++) {
                long at = done + i;
                int index = repeat == 0 ? (int) at : (int) (at % repeat);
                if (have[i] != data.getByte(base + index)) {
                    throw SenseException.withInformation(SenseReason.MISCOMPARE_DURING_VERIFY_OPERATION, repeat == 0 ? at : index);
                }
            }
            done += n;
        }
    }
}
