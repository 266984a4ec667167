package org.snaptarget.scsi.sbc;

import static org.snaptarget.scsi.ParameterBytes.getU32;
import static org.snaptarget.scsi.ParameterBytes.putU32;
import static org.snaptarget.scsi.ParameterBytes.putU64;

import java.io.IOException;

import org.snaptarget.scsi.BlockDevice.ProvisioningStatus;
import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseReason;

/**
 * GET LBA STATUS (SBC-4 §5.8, SERVICE ACTION IN(16) 9Eh service action 12h). CDB: STARTING LOGICAL
 * BLOCK ADDRESS (bytes 2..9), ALLOCATION LENGTH (bytes 10..13).
 *
 * <p>A starting LBA past the last block is LBA OUT OF RANGE. The answer is an 8-byte header
 * (PARAMETER DATA LENGTH counts the bytes after byte 3) and 16-byte LBA status
 * descriptors (LBA, NUMBER OF LOGICAL BLOCKS, PROVISIONING STATUS 0h mapped / 1h deallocated), one
 * per run of blocks with the same state, starting at the requested LBA. A device may report a run
 * in parts ({@link org.snaptarget.scsi.BlockDevice#provisioningStatus} bounds its work per call);
 * contiguous parts with the same state are joined into one descriptor. At most as many
 * descriptors as fit the allocation length, and at most {@link #SCAN_LIMIT} bytes of the medium
 * examined per command (devices that answer by reading data read that much at most); the
 * initiator asks again from where the answer ends.
 */
public final class GetLbaStatus {

    /** The most bytes of the medium one command examines. */
    static final long SCAN_LIMIT = 8L << 20;
    private static final int MAX_DESCRIPTORS = 64;

    private GetLbaStatus() {
    }

    public static ScsiResponse execute(CommandContext ctx) throws SenseException, IOException {
        LogicalUnit unit = ctx.unit();
        long lba = ctx.cdb().u64(2);
        long allocationLength = ctx.cdb().u32(10);
        if (Long.compareUnsigned(lba, unit.blockCount()) >= 0) {
            throw SenseException.of(SenseReason.LBA_OUT_OF_RANGE);
        }
        int bs = unit.blockSize();
        int wanted = (int) Math.max(1, Math.min(MAX_DESCRIPTORS, (allocationLength - 8) / 16));
        long position = lba * bs;
        long end = Math.min(unit.blockCount() * (long) bs, position + SCAN_LIMIT);
        byte[] data = new byte[8 + 16 * wanted];
        int count = 0;
        while (position < end) {
            ProvisioningStatus s = unit.device().provisioningStatus(position, end - position);
            long blocks = s.length() / bs;
            if (blocks == 0) {
                break;
            }
            int last = 8 + 16 * (count - 1);
            boolean joins = count > 0 && (data[last + 12] == 0) == s.mapped()
                    && getU32(data, last + 8) + blocks <= 0xFFFF_FFFFL;
            if (joins) {
                putU32(data, last + 8, getU32(data, last + 8) + blocks);
            } else if (count < wanted) {
                int at = 8 + 16 * count;
                putU64(data, at, position / bs);
                putU32(data, at + 8, Math.min(blocks, 0xFFFF_FFFFL));
                data[at + 12] = (byte) (s.mapped() ? 0 : 1);
                count++;
            } else {
                break;
            }
            position += blocks * bs;
        }
        int length = 8 + 16 * count;
        putU32(data, 0, length - 4);
        return CommandContext.dataIn(data, length, allocationLength);
    }
}
