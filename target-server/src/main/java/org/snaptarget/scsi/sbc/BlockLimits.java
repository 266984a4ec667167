package org.snaptarget.scsi.sbc;

import org.snaptarget.scsi.BlockDevice;

/**
 * The transfer and unmap limits this target advertises in the Block Limits VPD page (SBC-4
 * §6.6.4) and enforces in the commands they govern. Limits are in bytes here and converted to
 * logical blocks per LU, so 512- and 4096-byte LUs advertise the same sizes.
 */
public final class BlockLimits {

    /** Largest READ/WRITE/VERIFY transfer: 8 MiB (larger requests get INVALID FIELD IN CDB, SBC-4 §4.5). */
    public static final int MAX_TRANSFER_BYTES = 8 << 20;
    /** Optimal transfer length: 1 MiB. */
    public static final int OPTIMAL_TRANSFER_BYTES = 1 << 20;
    /** Optimal transfer length granularity: 4 KiB (the page size). */
    public static final int TRANSFER_GRANULARITY_BYTES = 4096;
    /** Largest UNMAP range per command, summed over its descriptors: 512 MiB (at most 1 Mi blocks, as libiscsi checks). */
    public static final long MAX_UNMAP_BYTES = 512L << 20;
    /** Most block descriptors in one UNMAP parameter list. */
    public static final int MAX_UNMAP_DESCRIPTORS = 256;
    /** Largest WRITE SAME range: 16 MiB, so that a zeroing command finishes well inside an initiator's timeout. */
    public static final long MAX_WRITE_SAME_BYTES = 16L << 20;
    /** Largest COMPARE AND WRITE, in logical blocks (ESXi uses 1). */
    public static final int MAX_COMPARE_AND_WRITE_BLOCKS = 64;

    /** ATOMIC ALIGNMENT: an atomic write may start at any logical block. */
    public static final int ATOMIC_ALIGNMENT_BLOCKS = 1;
    /** ATOMIC TRANSFER LENGTH GRANULARITY: an atomic write may have any whole number of blocks. */
    public static final int ATOMIC_GRANULARITY_BLOCKS = 1;
    /**
     * MAXIMUM ATOMIC BOUNDARY SIZE, and with it MAXIMUM ATOMIC TRANSFER LENGTH WITH ATOMIC BOUNDARY:
     * 0, no atomic boundaries are offered, so WRITE ATOMIC with a non-zero ATOMIC BOUNDARY is refused.
     */
    public static final int MAX_ATOMIC_BOUNDARY_BLOCKS = 0;

    private BlockLimits() {
    }

    /**
     * @return MAXIMUM ATOMIC TRANSFER LENGTH for the device: what it keeps all-or-nothing across power
     *         loss ({@link BlockDevice#atomicWriteBlocks()}), never more than the maximum transfer
     *         length; 0 when it guarantees nothing
     */
    public static long maxAtomicTransferBlocks(BlockDevice device) {
        return Math.min(Math.max(0, device.atomicWriteBlocks()), maxTransferBlocks(device.blockSize()));
    }

    public static long maxTransferBlocks(int blockSize) {
        return MAX_TRANSFER_BYTES / blockSize;
    }

    public static long optimalTransferBlocks(int blockSize) {
        return OPTIMAL_TRANSFER_BYTES / blockSize;
    }

    public static int transferGranularityBlocks(int blockSize) {
        return Math.max(1, TRANSFER_GRANULARITY_BYTES / blockSize);
    }

    public static long maxUnmapBlocks(int blockSize) {
        return MAX_UNMAP_BYTES / blockSize;
    }

    public static long maxWriteSameBlocks(int blockSize) {
        return MAX_WRITE_SAME_BYTES / blockSize;
    }
}
