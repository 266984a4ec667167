package org.snaptarget.scsi.sbc;

import org.snaptarget.scsi.Cdb;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.sense.SenseException;

/**
 * The LBA, block count and FUA bit of a READ, WRITE, VERIFY or similar CDB, decoded from the
 * layout of its length (SBC-4 §5): 6-byte (21-bit LBA in bytes 1..3, 8-bit length in byte 4, where
 * 0 means 256 blocks), 10-byte (LBA bytes 2..5, length 7..8), 12-byte (LBA 2..5, length 6..9) and
 * 16-byte (LBA 2..9, length 10..13). FUA is byte 1 bit 3 in all but the 6-byte form, which has none.
 *
 * @param lba    first logical block (unsigned)
 * @param blocks number of blocks (unsigned)
 * @param fua    force unit access
 */
public record BlockTransfer(long lba, long blocks, boolean fua) {

    public static BlockTransfer decode(Cdb cdb, int cdbLength) {
        return switch (cdbLength) {
            case 6 -> {
                int length = cdb.u8(4);
                yield new BlockTransfer(cdb.u24(1) & 0x1F_FFFF, length == 0 ? 256 : length, false);
            }
            case 10 -> new BlockTransfer(cdb.u32(2), cdb.u16(7), cdb.bit(1, 3));
            case 12 -> new BlockTransfer(cdb.u32(2), cdb.u32(6), cdb.bit(1, 3));
            case 16 -> new BlockTransfer(cdb.u64(2), cdb.u32(10), cdb.bit(1, 3));
            default -> throw new IllegalArgumentException("no block transfer layout for a " + cdbLength + "-byte CDB");
        };
    }

    /**
     * Checks the range against the LU and the maximum transfer length.
     *
     * @param lengthField the CDB byte where the TRANSFER LENGTH field starts (for the field pointer)
     * @throws SenseException LBA OUT OF RANGE, or INVALID FIELD IN CDB when longer than {@link BlockLimits#MAX_TRANSFER_BYTES}
     */
    public void check(LogicalUnit unit, int lengthField) throws SenseException {
        unit.checkRange(lba, blocks);
        if (blocks > BlockLimits.maxTransferBlocks(unit.blockSize())) {
            throw SenseException.invalidCdbField(lengthField);
        }
    }

    /** @return the byte offset of the first block */
    public long offset(int blockSize) {
        return lba * blockSize;
    }

    /** @return the transfer size in bytes */
    public long bytes(int blockSize) {
        return blocks * blockSize;
    }

    /** @return the first byte of the TRANSFER LENGTH field for a CDB of this length */
    public static int lengthField(int cdbLength) {
        return switch (cdbLength) {
            case 6 -> 4;
            case 10 -> 7;
            case 12 -> 6;
            default -> 10;
        };
    }
}
