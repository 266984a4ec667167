package org.snaptarget.scsi.sbc;

import java.io.IOException;

import io.netty.buffer.ByteBuf;

import org.snaptarget.scsi.Cdb;
import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.RangeLock;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseReason;

/**
 * WRITE ATOMIC(16) (SBC-4 §5.48): a write that completes wholly or not at all.
 *
 * <p>CDB: WRPROTECT (byte 1 bits 7..5, must be 0: no protection information), DPO (bit 4, accepted
 * and ignored), FUA (bit 3), LBA (bytes 2..9), ATOMIC BOUNDARY (bytes 10..11), TRANSFER LENGTH
 * (bytes 12..13), GROUP NUMBER (byte 14). The usage map in the command table rejects reserved bits.
 *
 * <p>Checks, in this order: an LU whose device guarantees no atomic write ({@link
 * BlockLimits#maxAtomicTransferBlocks} = 0) answers INVALID COMMAND OPERATION CODE, as if the command
 * were absent; a range leaving the medium is LBA OUT OF RANGE (also for a TRANSFER LENGTH of 0 past
 * the end); an ATOMIC BOUNDARY above MAXIMUM ATOMIC BOUNDARY SIZE (0 here: no boundaries are offered)
 * is INVALID FIELD IN CDB at byte 10; a TRANSFER LENGTH above MAXIMUM ATOMIC TRANSFER LENGTH or not
 * a multiple of ATOMIC TRANSFER LENGTH GRANULARITY is INVALID FIELD IN CDB at byte 12; an LBA not a
 * multiple of ATOMIC ALIGNMENT is INVALID FIELD IN CDB at byte 2. A data-out length (the EDTL or the
 * bytes that arrived) other than exactly TRANSFER LENGTH blocks is INVALID FIELD IN CDB at byte 12:
 * writing part of an atomic write would break the very promise the initiator asked for. A TRANSFER
 * LENGTH of 0 writes nothing and completes with GOOD.
 *
 * <p>Atomicity is the device's: {@link org.snaptarget.scsi.BlockDevice#writeAtomic} keeps the write
 * whole across power loss and from concurrent readers, for up to
 * {@link org.snaptarget.scsi.BlockDevice#atomicWriteBlocks()} blocks (a store-backed LUN journals it,
 * {@code lun.JournaledBlockDevice}; a plain file keeps one 512-byte sector whole). Against other
 * writers the LU's {@link RangeLock} is held over the whole range, as every medium-changing command
 * takes it for its own range. The write is durable on return, so FUA needs nothing more.
 */
public final class WriteAtomic {

    /** The operation code of WRITE ATOMIC(16). */
    public static final int OPCODE = 0x9C;
    /** First byte of the ATOMIC BOUNDARY field. */
    static final int BOUNDARY_FIELD = 10;
    /** First byte of the TRANSFER LENGTH field. */
    static final int LENGTH_FIELD = 12;

    private WriteAtomic() {
    }

    /**
     * @return whether the LU offers WRITE ATOMIC at all: only when its device keeps some write whole
     *         across power loss; REPORT SUPPORTED OPERATION CODES and the Block Limits page follow this
     */
    public static boolean offeredBy(LogicalUnit unit) {
        return BlockLimits.maxAtomicTransferBlocks(unit.device()) > 0;
    }

    public static ScsiResponse execute16(CommandContext ctx) throws SenseException, IOException {
        LogicalUnit unit = ctx.unit();
        Cdb cdb = ctx.cdb();
        long maxBlocks = BlockLimits.maxAtomicTransferBlocks(unit.device());
        if (maxBlocks == 0) {
            throw SenseException.of(SenseReason.INVALID_COMMAND_OPERATION_CODE);
        }
        long lba = cdb.u64(2);
        int boundary = cdb.u16(BOUNDARY_FIELD);
        int blocks = cdb.u16(LENGTH_FIELD);
        unit.checkRange(lba, blocks);
        if (boundary > BlockLimits.MAX_ATOMIC_BOUNDARY_BLOCKS) {
            throw SenseException.invalidCdbField(BOUNDARY_FIELD);
        }
        if (blocks > maxBlocks || blocks % BlockLimits.ATOMIC_GRANULARITY_BLOCKS != 0) {
            throw SenseException.invalidCdbField(LENGTH_FIELD);
        }
        if (Long.remainderUnsigned(lba, BlockLimits.ATOMIC_ALIGNMENT_BLOCKS) != 0) {
            throw SenseException.invalidCdbField(2);
        }
        int bs = unit.blockSize();
        int bytes = blocks * bs;
        if (ctx.command().expectedTransferLength() != bytes || ctx.dataOutLength() != bytes) {
            throw SenseException.invalidCdbField(LENGTH_FIELD);
        }
        if (blocks == 0) {
            return CommandContext.good(0);
        }
        ByteBuf data = ctx.dataOut();
        long offset = lba * bs;
        try (RangeLock.Held held = unit.writeLock().lock(offset, bytes)) {
            unit.device().writeAtomic(offset, data.nioBuffer(data.readerIndex(), bytes));
        }
        return CommandContext.good(bytes);
    }
}
