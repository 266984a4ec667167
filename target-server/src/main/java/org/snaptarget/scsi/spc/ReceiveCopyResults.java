package org.snaptarget.scsi.spc;

import static org.snaptarget.scsi.ParameterBytes.putU16;
import static org.snaptarget.scsi.ParameterBytes.putU32;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.CopyStatusLog;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;

/**
 * RECEIVE COPY RESULTS (SPC-4 §6.18, THIRD-PARTY COPY IN 84h) for EXTENDED COPY (LID1).
 *
 * <p>OPERATING PARAMETERS (SPC-4 §6.18.4, THIRD-PARTY COPY IN 84h service
 * action 03h): the limits {@link ExtendedCopy} enforces (the constants VPD 8Fh reports too,
 * {@link ThirdPartyCopyVpd}) — CSCD and segment descriptor counts,
 * descriptor list length, segment length, no inline or held data, one copy at a time per command
 * (copies are synchronous, so TOTAL CONCURRENT COPIES is 1) — and the implemented descriptor type
 * codes 02h (block to block) and E4h (identification). CDB: LIST IDENTIFIER (byte 2), ALLOCATION
 * LENGTH (bytes 10..13).
 */
public final class ReceiveCopyResults {

    private ReceiveCopyResults() {
    }

    /**
     * COPY STATUS (SPC-4 §6.18.2, service action 00h): the outcome of the last EXTENDED COPY this
     * nexus sent to this LU with the LIST IDENTIFIER of byte 2 — COPY MANAGER STATUS 00h (completed
     * without errors) or 01h (completed with errors), SEGMENTS PROCESSED, TRANSFER COUNT in bytes.
     * A list identifier with no recorded copy is INVALID FIELD IN CDB at byte 2.
     */
    public static ScsiResponse copyStatus(CommandContext ctx) throws SenseException {
        long allocationLength = ctx.cdb().u32(10);
        CopyStatusLog.Status s = ctx.unit().copyStatus().find(ctx.nexus(), ctx.cdb().u8(2));
        if (s == null) {
            throw SenseException.invalidCdbField(2);
        }
        byte[] d = new byte[12];
        putU32(d, 0, 8);
        d[4] = (byte) (s.completed() ? 0x00 : 0x01);
        putU16(d, 5, s.segmentsProcessed());
        d[7] = 0;                                                                  // TRANSFER COUNT UNITS: bytes
        putU32(d, 8, Math.min(s.bytes(), 0xFFFF_FFFFL));
        return CommandContext.dataIn(d, d.length, allocationLength);
    }

    public static ScsiResponse operatingParameters(CommandContext ctx) {
        long allocationLength = ctx.cdb().u32(10);
        int[] types = ExtendedCopy.IMPLEMENTED_DESCRIPTOR_TYPES;
        byte[] d = new byte[44 + types.length];
        putU32(d, 0, d.length - 4);                                                // AVAILABLE DATA
        putU16(d, 8, ExtendedCopy.MAX_CSCD_DESCRIPTORS);
        putU16(d, 10, ExtendedCopy.MAX_SEGMENT_DESCRIPTORS);
        putU32(d, 12, ExtendedCopy.MAX_DESCRIPTOR_LIST_LENGTH);
        putU32(d, 16, ExtendedCopy.MAX_SEGMENT_BYTES);
        putU32(d, 20, ExtendedCopy.MAX_INLINE_DATA_LENGTH);
        putU16(d, 34, ExtendedCopy.MAX_CONCURRENT_COPIES);                         // TOTAL CONCURRENT COPIES
        d[36] = (byte) ExtendedCopy.MAX_CONCURRENT_COPIES;                         // MAXIMUM CONCURRENT COPIES
        d[37] = (byte) ExtendedCopy.DATA_SEGMENT_GRANULARITY_LOG2;                 // DATA SEGMENT GRANULARITY
        d[43] = (byte) types.length;                                               // IMPLEMENTED DESCRIPTOR LIST LENGTH
        for (int i = 0; i < types.length; i++) {
            d[44 + i] = (byte) types[i];
        }
        return CommandContext.dataIn(d, d.length, allocationLength);
    }
}
