package org.snaptarget.scsi.sbc;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.ScsiResponse;

/**
 * READ DEFECT DATA(10) and (12) (SBC-4 §5.17, §5.18). A file or snapshot volume has no medium
 * defects, so the answer is an empty defect list: PLISTV/GLISTV echo REQ_PLIST/REQ_GLIST (the
 * requested lists are valid, and empty), the DEFECT LIST FORMAT echoes the request, DEFECT LIST
 * LENGTH is 0. (10): CDB byte 2 holds the request bits, bytes 7..8 the allocation length, 4-byte
 * header. (12): byte 1 holds them, bytes 6..9 the allocation length, 8-byte header.
 */
public final class ReadDefectData {

    private ReadDefectData() {
    }

    public static ScsiResponse execute10(CommandContext ctx) {
        byte[] d = new byte[4];
        d[1] = (byte) (ctx.cdb().u8(2) & 0x1F);
        return CommandContext.dataIn(d, d.length, ctx.cdb().u16(7));
    }

    public static ScsiResponse execute12(CommandContext ctx) {
        byte[] d = new byte[8];
        d[1] = (byte) (ctx.cdb().u8(1) & 0x1F);
        return CommandContext.dataIn(d, d.length, ctx.cdb().u32(6));
    }
}
