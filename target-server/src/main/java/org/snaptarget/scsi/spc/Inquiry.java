package org.snaptarget.scsi.spc;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.TargetInfo;
import org.snaptarget.scsi.sense.SenseException;

/**
 * INQUIRY (SPC-4 §6.6). CDB: byte 1 bit 0 EVPD, byte 2 PAGE CODE, bytes 3..4 ALLOCATION LENGTH.
 * With EVPD=0 the page code must be 0 (else INVALID FIELD IN CDB at byte 2) and the standard data
 * is returned; with EVPD=1 the page comes from {@link VpdPages}. Either is truncated to the
 * allocation length.
 *
 * <p>Standard data (§6.6.2), 96 bytes: peripheral qualifier 0 / device type 00h (direct access
 * block device) for an existing LU, qualifier 3 / type 1Fh (7Fh) for a LUN with no LU; VERSION 06h
 * (SPC-4); HISUP=1 and RESPONSE DATA FORMAT 2; 3PC when EXTENDED COPY is in the command table;
 * CMDQUE=1; vendor, product and revision from {@link TargetInfo}; version descriptors SAM-5, iSCSI,
 * SPC-4, SBC-3.
 */
public final class Inquiry {

    /** Peripheral qualifier 0, device type 00h: a direct access block device is connected. */
    static final int DIRECT_ACCESS_BLOCK_DEVICE = 0x00;
    /** Peripheral qualifier 3, device type 1Fh: no LU can exist at this LUN. */
    static final int NO_LOGICAL_UNIT = 0x7F;

    private static final int STANDARD_LENGTH = 96;
    private static final int[] VERSION_DESCRIPTORS = {
        0x00A0, // SAM-5 (no version claimed)
        0x0960, // iSCSI (no version claimed)
        0x0460, // SPC-4 (no version claimed)
        0x04C0, // SBC-3 (no version claimed)
    };

    private Inquiry() {
    }

    public static ScsiResponse execute(CommandContext ctx) throws SenseException {
        boolean evpd = ctx.cdb().bit(1, 0);
        int pageCode = ctx.cdb().u8(2);
        int allocationLength = ctx.cdb().u16(3);
        if (!evpd) {
            if (pageCode != 0) {
                throw SenseException.invalidCdbField(2);
            }
            byte[] data = standard(ctx);
            return CommandContext.dataIn(data, data.length, allocationLength);
        }
        byte[] page = VpdPages.page(ctx, pageCode);
        return CommandContext.dataIn(page, page.length, allocationLength);
    }

    /** @return byte 0 of INQUIRY data for the addressed LU */
    static int peripheral(LogicalUnit unit) {
        return unit == null ? NO_LOGICAL_UNIT : DIRECT_ACCESS_BLOCK_DEVICE;
    }

    private static byte[] standard(CommandContext ctx) {
        TargetInfo info = ctx.target().info();
        boolean thirdPartyCopy = ctx.target().commandTable().descriptor(0x83, 0x00).isPresent();
        byte[] d = new byte[STANDARD_LENGTH];
        d[0] = (byte) peripheral(ctx.unit());
        d[2] = 0x06;                              // VERSION: SPC-4
        d[3] = 0x10 | 0x02;                       // HISUP, RESPONSE DATA FORMAT 2
        d[4] = (byte) (STANDARD_LENGTH - 5);      // ADDITIONAL LENGTH
        boolean alua = ctx.target().commandTable().descriptor(0xA3, 0x0A).isPresent();
        d[5] = (byte) ((alua ? 0x10 : 0)          // TPGS 01b: implicit ALUA (REPORT TARGET PORT GROUPS)
                | (thirdPartyCopy ? 0x08 : 0));   // 3PC
        d[7] = 0x02;                              // CMDQUE
        System.arraycopy(TargetInfo.padded(info.vendor(), 8), 0, d, 8, 8);
        System.arraycopy(TargetInfo.padded(info.product(), 16), 0, d, 16, 16);
        System.arraycopy(TargetInfo.padded(info.revision(), 4), 0, d, 32, 4);
        for (int i = 0; i < VERSION_DESCRIPTORS.length; i++) {
            d[58 + 2 * i] = (byte) (VERSION_DESCRIPTORS[i] >>> 8);
            d[59 + 2 * i] = (byte) VERSION_DESCRIPTORS[i];
        }
        return d;
    }
}
