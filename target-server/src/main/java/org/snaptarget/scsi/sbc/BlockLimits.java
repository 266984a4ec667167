package org.snaptarget.scsi.sbc;

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

    private BlockLimits() {
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
