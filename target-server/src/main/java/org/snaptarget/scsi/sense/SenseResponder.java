package org.snaptarget.scsi.sense;

import org.snaptarget.scsi.ScsiResponse;

/**
 * Builds every CHECK CONDITION the logical units of this target send, in either sense data format
 * (SPC-4 §4.5); handlers throw {@link SenseException} and never lay out sense bytes themselves.
 *
 * <p>Fixed format (§4.5.3): 18 bytes, response code 70h (current error), VALID set exactly when
 * INFORMATION is present and fits its 4 bytes (3..6; a larger value is left out, VALID 0, and only
 * descriptor format can carry it), additional sense length 10, ASC/ASCQ in
 * bytes 12..13, and the sense-key-specific bytes 15..17 carrying SKSV, C/D, BPV, the bit pointer
 * and the 16-bit field pointer when the exception names a field (§4.5.2.4.2).
 *
 * <p>Descriptor format (§4.5.2): response code 72h, sense key in byte 1, ASC/ASCQ in bytes 2..3,
 * ADDITIONAL SENSE LENGTH in byte 7, then the descriptors that carry what fixed format holds in its
 * fixed fields, in this order: Information (type 00h, §4.5.2.2: VALID and the whole 64-bit
 * INFORMATION) when INFORMATION is present, Sense key specific (type 02h, §4.5.2.4) when a field
 * or segment pointer is present. The same sense key, ASC and ASCQ appear in both formats, and the
 * sense-key-specific three bytes are identical, so a field pointer reads the same either way.
 */
public final class SenseResponder {

    /** Length of fixed-format sense data as built here. */
    public static final int FIXED_LENGTH = 18;
    /** Length of the descriptor-format header, before any descriptor. */
    public static final int DESCRIPTOR_HEADER_LENGTH = 8;

    /** Information sense data descriptor type (SPC-4 §4.5.2.2). */
    public static final int INFORMATION_DESCRIPTOR = 0x00;
    /** Sense key specific sense data descriptor type (SPC-4 §4.5.2.4). */
    public static final int SENSE_KEY_SPECIFIC_DESCRIPTOR = 0x02;

    private static final int RESPONSE_CODE_FIXED_CURRENT = 0x70;
    private static final int RESPONSE_CODE_DESCRIPTOR_CURRENT = 0x72;
    private static final int INFORMATION_DESCRIPTOR_LENGTH = 12;
    private static final int SENSE_KEY_SPECIFIC_DESCRIPTOR_LENGTH = 8;
    private static final int VALID = 0x80;
    private static final int SKSV = 0x80;
    private static final int CD = 0x40;
    private static final int BPV = 0x08;

    private SenseResponder() {
    }

    /** Sense bytes for the exception in the given format. */
    public static byte[] build(SenseException e, SenseFormat format) {
        return switch (format) {
            case FIXED -> fixedFormat(e);
            case DESCRIPTOR -> descriptorFormat(e);
        };
    }

    /** Fixed-format sense bytes for the exception. */
    public static byte[] fixedFormat(SenseException e) {
        SenseReason reason = e.reason();
        byte[] s = new byte[FIXED_LENGTH];
        boolean information = e.informationValid() && fitsFixedInformation(e.information());
        s[0] = (byte) (RESPONSE_CODE_FIXED_CURRENT | (information ? VALID : 0));
        s[2] = (byte) reason.senseKey();
        if (information) {
            putBigEndian(s, 3, 4, e.information());
        }
        s[7] = FIXED_LENGTH - 8;
        s[12] = (byte) reason.asc();
        s[13] = (byte) reason.ascq();
        if (e.hasFieldPointer()) {
            putSenseKeySpecific(s, 15, e);
        }
        return s;
    }

    /** Descriptor-format sense bytes for the exception. */
    public static byte[] descriptorFormat(SenseException e) {
        SenseReason reason = e.reason();
        int length = DESCRIPTOR_HEADER_LENGTH
                + (e.informationValid() ? INFORMATION_DESCRIPTOR_LENGTH : 0)
                + (e.hasFieldPointer() ? SENSE_KEY_SPECIFIC_DESCRIPTOR_LENGTH : 0);
        byte[] s = new byte[length];
        s[0] = RESPONSE_CODE_DESCRIPTOR_CURRENT;
        s[1] = (byte) reason.senseKey();
        s[2] = (byte) reason.asc();
        s[3] = (byte) reason.ascq();
        s[7] = (byte) (length - DESCRIPTOR_HEADER_LENGTH);
        int at = DESCRIPTOR_HEADER_LENGTH;
        if (e.informationValid()) {
            s[at] = INFORMATION_DESCRIPTOR;
            s[at + 1] = INFORMATION_DESCRIPTOR_LENGTH - 2;
            s[at + 2] = (byte) VALID;
            putBigEndian(s, at + 4, 8, e.information());
            at += INFORMATION_DESCRIPTOR_LENGTH;
        }
        if (e.hasFieldPointer()) {
            s[at] = SENSE_KEY_SPECIFIC_DESCRIPTOR;
            s[at + 1] = SENSE_KEY_SPECIFIC_DESCRIPTOR_LENGTH - 2;
            putSenseKeySpecific(s, at + 4, e);
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
     * @param format         the format the addressed LU returns (fixed where there is no LU)
     */
    public static ScsiResponse checkCondition(SenseException e, long transferLength, SenseFormat format) {
        return new ScsiResponse(ScsiResponse.CHECK_CONDITION, null, build(e, format), transferLength);
    }

    /** The CHECK CONDITION response for a bare reason in the given format. */
    public static ScsiResponse checkCondition(SenseReason reason, SenseFormat format) {
        return checkCondition(SenseException.of(reason), -1, format);
    }

    /** Whether INFORMATION fits the 4-byte field of fixed format; if not, VALID stays 0 there (SPC-4 §4.5.3). */
    private static boolean fitsFixedInformation(long information) {
        return (information >>> 32) == 0;
    }

    /** SKSV, C/D, BPV and bit pointer, then the 16-bit field pointer: the same three bytes in both formats. */
    private static void putSenseKeySpecific(byte[] s, int at, SenseException e) {
        int b = SKSV | (e.inCdb() ? CD : 0);
        if (e.bitPointer() != SenseException.NO_FIELD) {
            b |= BPV | (e.bitPointer() & 7);
        }
        s[at] = (byte) b;
        s[at + 1] = (byte) (e.fieldPointer() >>> 8);
        s[at + 2] = (byte) e.fieldPointer();
    }

    private static void putBigEndian(byte[] s, int at, int width, long value) {
        for (int i = 0; i < width; i++) {
            s[at + i] = (byte) (value >>> (8 * (width - 1 - i)));
        }
    }
}
