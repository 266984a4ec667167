package org.snaptarget.scsi.sense;

/**
 * A command ends in CHECK CONDITION: the reason, plus the optional INFORMATION field and the
 * optional sense-key-specific field pointer (SPC-4 §4.5.2.4.2) naming the offending byte and bit of
 * the CDB or of the parameter list.
 *
 * <p>It is a control-flow exception: no stack trace is captured, so throwing one costs about as
 * much as returning a value. {@link SenseResponder} turns it into sense bytes.
 */
public final class SenseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** No field pointer. */
    public static final int NO_FIELD = -1;

    private final SenseReason reason;
    private final boolean informationValid;
    private final long information;
    private final boolean inCdb;
    private final int fieldPointer;
    private final int bitPointer;

    private SenseException(SenseReason reason, boolean informationValid, long information,
                           boolean inCdb, int fieldPointer, int bitPointer) {
        super(reason.name(), null, false, false);
        this.reason = reason;
        this.informationValid = informationValid;
        this.information = information;
        this.inCdb = inCdb;
        this.fieldPointer = fieldPointer;
        this.bitPointer = bitPointer;
    }

    /** A reason with neither INFORMATION nor field pointer. */
    public static SenseException of(SenseReason reason) {
        return new SenseException(reason, false, 0, false, NO_FIELD, NO_FIELD);
    }

    /** A reason with the INFORMATION field set (e.g. the miscompare offset, SBC-4 §5.3). */
    public static SenseException withInformation(SenseReason reason, long information) {
        return new SenseException(reason, true, information, false, NO_FIELD, NO_FIELD);
    }

    /** INVALID FIELD IN CDB pointing at a whole byte of the CDB. */
    public static SenseException invalidCdbField(int byteIndex) {
        return new SenseException(SenseReason.INVALID_FIELD_IN_CDB, false, 0, true, byteIndex, NO_FIELD);
    }

    /** INVALID FIELD IN CDB pointing at one bit (0..7) of one byte of the CDB. */
    public static SenseException invalidCdbField(int byteIndex, int bit) {
        return new SenseException(SenseReason.INVALID_FIELD_IN_CDB, false, 0, true, byteIndex, bit);
    }

    /** A reason about the CDB (e.g. LBA OUT OF RANGE is not one; INVALID FIELD IN CDB is) with a byte pointer. */
    public static SenseException cdbField(SenseReason reason, int byteIndex) {
        return new SenseException(reason, false, 0, true, byteIndex, NO_FIELD);
    }

    /** A reason about the parameter list with a byte pointer (e.g. COPY ABORTED with its segment pointer). */
    public static SenseException parameterField(SenseReason reason, int byteIndex) {
        return new SenseException(reason, false, 0, false, byteIndex, NO_FIELD);
    }

    /** INVALID FIELD IN PARAMETER LIST pointing at a byte of the data-out buffer. */
    public static SenseException invalidParameterField(int byteIndex) {
        return new SenseException(SenseReason.INVALID_FIELD_IN_PARAMETER_LIST, false, 0, false, byteIndex, NO_FIELD);
    }

    /** INVALID FIELD IN PARAMETER LIST pointing at one bit of a byte of the data-out buffer. */
    public static SenseException invalidParameterField(int byteIndex, int bit) {
        return new SenseException(SenseReason.INVALID_FIELD_IN_PARAMETER_LIST, false, 0, false, byteIndex, bit);
    }

    public SenseReason reason() {
        return reason;
    }

    public boolean informationValid() {
        return informationValid;
    }

    public long information() {
        return information;
    }

    /** @return whether a field pointer is present */
    public boolean hasFieldPointer() {
        return fieldPointer != NO_FIELD;
    }

    /** @return true when the field pointer refers to the CDB, false for the parameter list (the C/D bit) */
    public boolean inCdb() {
        return inCdb;
    }

    public int fieldPointer() {
        return fieldPointer;
    }

    /** @return the bit (0..7) within the pointed byte, or {@link #NO_FIELD} when the whole byte is meant */
    public int bitPointer() {
        return bitPointer;
    }
}
