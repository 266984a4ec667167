package org.snaptarget.lun;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.scsi.BlockDevice.ProvisioningStatus;

/**
 * GET LBA STATUS (SBC-4 §5.8) for a device with LBPRZ=1 that does not track deallocation by
 * itself: a block is reported deallocated exactly when it reads as zeros. With LBPRZ=1 that is all
 * an initiator can observe of a deallocated block; a block explicitly written with zeros is
 * reported deallocated too, which SBC-4 permits for a block whose content equals the deallocated
 * content.
 *
 * <p>Answering means reading data, so one call reads at most {@link #LIMIT} bytes and reports a run
 * no longer than that; the SCSI layer describes the rest in further descriptors or the initiator
 * asks again. (qemu's iSCSI driver asks before every large read: scanning all of a long run made
 * each 1 MiB read cost up to 64 MiB of reading.)
 */
final class ZeroRunScan {

    /** The most bytes one scan reads. */
    static final int LIMIT = 1 << 20;

    private ZeroRunScan() {
    }

    /**
     * The leading run of blocks from {@code offset} (at most {@code min(maxLength, LIMIT)} bytes)
     * that are all zero or all non-zero. The caller has checked the range.
     */
    static ProvisioningStatus leadingRun(BlockDevice device, long offset, long maxLength) throws IOException {
        int blockSize = device.blockSize();
        int n = (int) Math.min(maxLength, LIMIT);
        ByteBuffer scan = ByteBuffer.allocateDirect(n);
        device.read(offset, scan);
        Boolean mapped = null;
        long run = 0;
        for (int at = 0; at < n; at += blockSize) {
            int len = Math.min(blockSize, n - at);
            boolean blockMapped = !isZero(scan, at, len);
            if (mapped == null) {
                mapped = blockMapped;
            } else if (mapped != blockMapped) {
                break;
            }
            run += len;
        }
        return new ProvisioningStatus(mapped == null || mapped, run);
    }

    /** Whether {@code length} bytes of {@code buf} from absolute index {@code from} are all zero. */
    static boolean isZero(ByteBuffer buf, int from, int length) {
        int i = from;
        int end = from + length;
        for (; i + 8 <= end; i += 8) {
            if (buf.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            if (buf.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
