package org.snaptarget.scsi.sbc;

import java.io.IOException;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.RangeLock;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseReason;

/**
 * UNMAP (SBC-4 §5.28). CDB: PARAMETER LIST LENGTH (bytes 7..8); ANCHOR is not supported.
 *
 * <p>Parameter list (§5.28.2): UNMAP DATA LENGTH (bytes 0..1), UNMAP BLOCK DESCRIPTOR DATA LENGTH
 * (bytes 2..3), 4 reserved bytes, then 16-byte block descriptors (LBA 8 bytes, NUMBER OF LOGICAL
 * BLOCKS 4 bytes, 4 reserved).
 *
 * <p>Checks, all before anything is unmapped: a parameter list length of 0 does nothing; 1..7 is
 * PARAMETER LIST LENGTH ERROR; a descriptor data length larger than what follows the header is
 * PARAMETER LIST LENGTH ERROR; a trailing partial descriptor is ignored; more descriptors than
 * MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT, or more blocks in total than MAXIMUM UNMAP LBA COUNT, is
 * INVALID FIELD IN PARAMETER LIST; a range outside the medium is LBA OUT OF RANGE. A device that is
 * not thin-provisioned (LBPU=0) answers INVALID COMMAND OPERATION CODE, as if the row were absent.
 */
public final class Unmap {

    private static final int HEADER = 8;
    private static final int DESCRIPTOR = 16;

    private Unmap() {
    }

    public static ScsiResponse execute(CommandContext ctx) throws SenseException, IOException {
        LogicalUnit unit = ctx.unit();
        if (!unit.device().thinProvisioned()) {
            throw SenseException.of(SenseReason.INVALID_COMMAND_OPERATION_CODE);
        }
        int parameterListLength = ctx.cdb().u16(7);
        if (parameterListLength == 0) {
            return CommandContext.good();
        }
        if (parameterListLength < HEADER) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        byte[] p = ctx.parameterList(parameterListLength);
        if (p.length < HEADER) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        int descriptorBytes = ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
        if (descriptorBytes > p.length - HEADER) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        int count = descriptorBytes / DESCRIPTOR;
        if (count > BlockLimits.MAX_UNMAP_DESCRIPTORS) {
            throw SenseException.invalidParameterField(2);
        }
        long[] lbas = new long[count];
        long[] lengths = new long[count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            int at = HEADER + i * DESCRIPTOR;
            lbas[i] = u64(p, at);
            lengths[i] = u32(p, at + 8);
            unit.checkRange(lbas[i], lengths[i]);
            total += lengths[i];
            if (total > BlockLimits.maxUnmapBlocks(unit.blockSize())) {
                throw SenseException.invalidParameterField(at + 8);
            }
        }
        int bs = unit.blockSize();
        for (int i = 0; i < count; i++) {
            if (lengths[i] == 0) {
                continue;
            }
            long offset = lbas[i] * bs;
            long length = lengths[i] * bs;
            try (RangeLock.Held held = unit.writeLock().lock(offset, length)) {
                unit.device().unmap(offset, length);
            }
        }
        return CommandContext.good();
    }

    static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    static long u64(byte[] b, int at) {
        return (u32(b, at) << 32) | u32(b, at + 4);
    }
}
