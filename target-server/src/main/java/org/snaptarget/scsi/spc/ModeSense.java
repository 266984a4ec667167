package org.snaptarget.scsi.spc;

import static org.snaptarget.scsi.ParameterBytes.putU32;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseReason;

/**
 * MODE SENSE(6) and MODE SENSE(10) (SPC-4 §6.11, §6.12).
 *
 * <p>CDB: DBD (byte 1 bit 3), LLBAA (byte 1 bit 4, 10-byte form only), PC (byte 2 bits 7..6),
 * PAGE CODE (byte 2 bits 5..0), SUBPAGE CODE (byte 3), ALLOCATION LENGTH (byte 4, or bytes 7..8).
 * PC=3 (saved values) is SAVING PARAMETERS NOT SUPPORTED (39h/00h); a page this target lacks is
 * INVALID FIELD IN CDB at byte 2; a subpage other than 00h (or FFh with page 3Fh) is INVALID FIELD
 * IN CDB at byte 3.
 *
 * <p>Data: the mode parameter header (4 or 8 bytes; DEVICE-SPECIFIC PARAMETER with WP for a
 * read-only LU and DPOFUA=1, SBC-4 §6.5.1), then unless DBD one block descriptor (SBC-4 §6.5.2:
 * 8-byte short form with NUMBER OF LOGICAL BLOCKS FFFFFFFFh when it does not fit, or the 16-byte
 * long form when LLBAA=1 in MODE SENSE(10), flagged by LONGLBA), then the pages from
 * {@link ModePages}; truncated to the allocation length.
 */
public final class ModeSense {

    private ModeSense() {
    }

    public static ScsiResponse execute6(CommandContext ctx) throws SenseException {
        return execute(ctx, false);
    }

    public static ScsiResponse execute10(CommandContext ctx) throws SenseException {
        return execute(ctx, true);
    }

    private static ScsiResponse execute(CommandContext ctx, boolean ten) throws SenseException {
        LogicalUnit unit = ctx.unit();
        boolean dbd = ctx.cdb().bit(1, 3);
        boolean llbaa = ten && ctx.cdb().bit(1, 4);
        int pageControl = ctx.cdb().u8(2) >>> 6;
        int pageCode = ctx.cdb().u8(2) & 0x3F;
        int subpage = ctx.cdb().u8(3);
        int allocationLength = ten ? ctx.cdb().u16(7) : ctx.cdb().u8(4);
        if (pageControl == ModePages.PC_SAVED) {
            throw SenseException.of(SenseReason.SAVING_PARAMETERS_NOT_SUPPORTED);
        }
        if (!ModePages.supports(pageCode)) {
            throw SenseException.invalidCdbField(2, 5);
        }
        if (subpage != 0 && !(subpage == 0xFF && pageCode == ModePages.ALL_PAGES)) {
            throw SenseException.invalidCdbField(3);
        }
        byte[] pages = ModePages.pages(pageCode, pageControl, unit);
        byte[] descriptor = dbd ? new byte[0] : blockDescriptor(unit, llbaa);
        int headerLength = ten ? 8 : 4;
        byte[] data = new byte[headerLength + descriptor.length + pages.length];
        int deviceSpecific = 0x10 | (unit.device().readOnly() ? 0x80 : 0);   // DPOFUA, WP
        if (ten) {
            int modeDataLength = data.length - 2;
            data[0] = (byte) (modeDataLength >>> 8);
            data[1] = (byte) modeDataLength;
            data[3] = (byte) deviceSpecific;
            data[4] = (byte) (descriptor.length == 16 ? 0x01 : 0);                // LONGLBA
            data[6] = (byte) (descriptor.length >>> 8);
            data[7] = (byte) descriptor.length;
        } else {
            data[0] = (byte) (data.length - 1);
            data[2] = (byte) deviceSpecific;
            data[3] = (byte) descriptor.length;
        }
        System.arraycopy(descriptor, 0, data, headerLength, descriptor.length);
        System.arraycopy(pages, 0, data, headerLength + descriptor.length, pages.length);
        return CommandContext.dataIn(data, data.length, allocationLength);
    }

    private static byte[] blockDescriptor(LogicalUnit unit, boolean longForm) {
        long blocks = unit.blockCount();
        int blockSize = unit.blockSize();
        if (longForm) {
            byte[] d = new byte[16];
            for (int i = 0; i < 8; i++) {
                d[i] = (byte) (blocks >>> (56 - 8 * i));
            }
            putU32(d, 12, blockSize);
            return d;
        }
        byte[] d = new byte[8];
        putU32(d, 0, blocks > 0xFFFF_FFFFL ? 0xFFFF_FFFFL : blocks);
        d[5] = (byte) (blockSize >>> 16);
        d[6] = (byte) (blockSize >>> 8);
        d[7] = (byte) blockSize;
        return d;
    }
}
