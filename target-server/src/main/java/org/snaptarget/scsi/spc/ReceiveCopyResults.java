package org.snaptarget.scsi.spc;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.ScsiResponse;

/**
 * RECEIVE COPY RESULTS / OPERATING PARAMETERS (SPC-4 §6.18.4, THIRD-PARTY COPY IN 84h service
 * action 03h): the limits {@link ExtendedCopy} enforces — CSCD and segment descriptor counts,
 * descriptor list length, segment length, no inline or held data, one copy at a time per command
 * (copies are synchronous, so TOTAL CONCURRENT COPIES is 1) — and the implemented descriptor type
 * codes 02h (block to block) and E4h (identification). CDB: LIST IDENTIFIER (byte 2), ALLOCATION
 * LENGTH (bytes 10..13).
 */
public final class ReceiveCopyResults {

    private ReceiveCopyResults() {
    }

    public static ScsiResponse operatingParameters(CommandContext ctx) {
        long allocationLength = ctx.cdb().u32(10);
        byte[] d = new byte[46];
        putU32(d, 0, d.length - 4);                                                // AVAILABLE DATA
        putU16(d, 8, ExtendedCopy.MAX_CSCD_DESCRIPTORS);
        putU16(d, 10, ExtendedCopy.MAX_SEGMENT_DESCRIPTORS);
        putU32(d, 12, ExtendedCopy.MAX_CSCD_DESCRIPTORS * ExtendedCopy.CSCD_LENGTH
                + ExtendedCopy.MAX_SEGMENT_DESCRIPTORS * ExtendedCopy.SEGMENT_LENGTH);
        putU32(d, 16, ExtendedCopy.MAX_SEGMENT_BYTES);
        putU16(d, 34, 1);                                                          // TOTAL CONCURRENT COPIES
        d[36] = 1;                                                                 // MAXIMUM CONCURRENT COPIES
        d[37] = 9;                                                                 // DATA SEGMENT GRANULARITY 2^9
        d[43] = 2;                                                                 // IMPLEMENTED DESCRIPTOR LIST LENGTH
        d[44] = 0x02;
        d[45] = (byte) 0xE4;
        return CommandContext.dataIn(d, d.length, allocationLength);
    }

    private static void putU16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void putU32(byte[] b, int at, long v) {
        putU16(b, at, (int) (v >>> 16));
        putU16(b, at + 2, (int) v);
    }
}
