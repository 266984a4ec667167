package org.snaptarget.scsi.sense;

import org.snaptarget.scsi.ScsiResponse;

/**
 * Builds every CHECK CONDITION this target sends, in fixed format (SPC-4 §4.5.3): 18 bytes,
 * response code 70h (current error), VALID set exactly when INFORMATION is present, additional
 * sense length 10, and the sense-key-specific bytes 15..17 carrying SKSV, C/D, BPV, the bit
 * pointer and the 16-bit field pointer when the exception names a field (§4.5.2.4.2).
 *
 * <p>Descriptor-format sense is not produced: the control mode page reports D_SENSE=0 and does
 * not let an initiator change it.
 */
public final class SenseResponder {

    /** Length of fixed-format sense data as built here. */
    public static final int FIXED_LENGTH = 18;

    private static final int RESPONSE_CODE_CURRENT = 0x70;
    private static final int VALID = 0x80;
    private static final int SKSV = 0x80;
    private static final int CD = 0x40;
    private static final int BPV = 0x08;

    private SenseResponder() {
    }

    /** Fixed-format sense bytes for the exception. */
    public static byte[] fixedFormat(SenseException e) {
        SenseReason reason = e.reason();
        byte[] s = new byte[FIXED_LENGTH];
        s[0] = (byte) (RESPONSE_CODE_CURRENT | (e.informationValid() ? VALID : 0));
        s[2] = (byte) reason.senseKey();
        if (e.informationValid()) {
            long info = e.information();
            s[3] = (byte) (info >>> 24);
            s[4] = (byte) (info >>> 16);
            s[5] = (byte) (info >>> 8);
            s[6] = (byte) info;
        }
        s[7] = FIXED_LENGTH - 8;
        s[12] = (byte) reason.asc();
        s[13] = (byte) reason.ascq();
        if (e.hasFieldPointer()) {
            int b = SKSV | (e.inCdb() ? CD : 0);
            if (e.bitPointer() != SenseException.NO_FIELD) {
                b |= BPV | (e.bitPointer() & 7);
            }
            s[15] = (byte) b;
            s[16] = (byte) (e.fieldPointer() >>> 8);
            s[17] = (byte) e.fieldPointer();
        }
        return s;
    }

    /** Fixed-format sense bytes for a bare reason (e.g. a unit attention). */
    public static byte[] fixedFormat(SenseReason reason) {
        return fixedFormat(SenseException.of(reason));
    }

    /**
     * The CHECK CONDITION response for the exception.
     *
     * @param transferLength the CDB's transfer length in bytes, for residual computation; -1 when unknown
     */
    public static ScsiResponse checkCondition(SenseException e, long transferLength) {
        return new ScsiResponse(ScsiResponse.CHECK_CONDITION, null, fixedFormat(e), transferLength);
    }

    /** The CHECK CONDITION response for a bare reason. */
    public static ScsiResponse checkCondition(SenseReason reason) {
        return checkCondition(SenseException.of(reason), -1);
    }
}
