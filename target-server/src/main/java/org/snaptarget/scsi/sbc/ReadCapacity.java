package org.snaptarget.scsi.sbc;

import static org.snaptarget.scsi.ParameterBytes.putU32;

import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;

/**
 * READ CAPACITY(10) (SBC-4 §5.15) and READ CAPACITY(16) (SBC-4 §5.16, SERVICE ACTION IN(16) 9Eh
 * service action 10h).
 *
 * <p>(10): 8 bytes, RETURNED LOGICAL BLOCK ADDRESS (the last LBA, or FFFFFFFFh when it does not
 * fit, telling the initiator to use the 16-byte form) and LOGICAL BLOCK LENGTH IN BYTES. The
 * obsolete LOGICAL BLOCK ADDRESS field must be 0 when PMI is 0 (INVALID FIELD IN CDB at byte 2).
 *
 * <p>(16): 32 bytes truncated to the ALLOCATION LENGTH (bytes 10..13): last LBA (8), block length
 * (4), protection off, LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT from
 * {@link BlockDevice#physicalBlockExponent()} (SBC-4 §5.20.2; a store-backed LU reports 3, eight
 * 512-byte blocks per 4 KiB block of the file system under the pool), LBPME when the device is
 * thin, LBPRZ when unmapped blocks read as zeros (the same values VPD B2h reports), LOWEST ALIGNED
 * LBA 0 (LBA 0 starts a physical block).
 */
public final class ReadCapacity {

    private ReadCapacity() {
    }

    public static ScsiResponse execute10(CommandContext ctx) throws SenseException {
        boolean pmi = ctx.cdb().bit(8, 0);
        if (!pmi && ctx.cdb().u32(2) != 0) {
            throw SenseException.invalidCdbField(2);
        }
        LogicalUnit unit = ctx.unit();
        long last = unit.blockCount() - 1;
        byte[] d = new byte[8];
        putU32(d, 0, last > 0xFFFF_FFFEL ? 0xFFFF_FFFFL : last);
        putU32(d, 4, unit.blockSize());
        return CommandContext.dataIn(d, d.length, d.length);
    }

    public static ScsiResponse execute16(CommandContext ctx) throws SenseException {
        boolean pmi = ctx.cdb().bit(14, 0);
        if (!pmi && ctx.cdb().u64(2) != 0) {
            throw SenseException.invalidCdbField(2);
        }
        long allocationLength = ctx.cdb().u32(10);
        LogicalUnit unit = ctx.unit();
        BlockDevice device = unit.device();
        long last = unit.blockCount() - 1;
        byte[] d = new byte[32];
        putU32(d, 0, last >>> 32);
        putU32(d, 4, last);
        putU32(d, 8, unit.blockSize());
        d[13] = (byte) (device.physicalBlockExponent() & 0x0F);
        int provisioning = 0;
        if (device.thinProvisioned()) {
            provisioning |= 0x80;                       // LBPME
            if (device.unmapReadsZero()) {
                provisioning |= 0x40;                   // LBPRZ
            }
        }
        d[14] = (byte) provisioning;
        return CommandContext.dataIn(d, d.length, allocationLength);
    }
}
