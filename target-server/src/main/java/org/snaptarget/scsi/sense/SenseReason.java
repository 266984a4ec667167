package org.snaptarget.scsi.sense;

/**
 * Every reason this target reports in sense data, each mapped once to its sense key, additional
 * sense code (ASC) and qualifier (ASCQ) from SPC-4 §4.5.6 (sense keys) and Annex D (ASC/ASCQ
 * assignments). Handlers name a reason; they never spell key/ASC/ASCQ bytes themselves, so the
 * mapping lives here and nowhere else.
 */
public enum SenseReason {
    /** No sense data to report (REQUEST SENSE with nothing pending). */
    NO_SENSE(SenseReason.KEY_NO_SENSE, 0x00, 0x00),

    // NOT READY (02h)
    /** 04h/0Ah: the LU is in an asymmetric access state transition. */
    NOT_READY_STATE_TRANSITION(SenseReason.KEY_NOT_READY, 0x04, 0x0A),

    // MEDIUM ERROR (03h)
    /** 11h/00h: the medium could not be read. */
    UNRECOVERED_READ_ERROR(SenseReason.KEY_MEDIUM_ERROR, 0x11, 0x00),
    /** 0Ch/00h: the medium could not be written. */
    WRITE_ERROR(SenseReason.KEY_MEDIUM_ERROR, 0x0C, 0x00),

    // HARDWARE ERROR (04h)
    /** 44h/00h: an internal failure of the target that is not the initiator's fault. */
    INTERNAL_TARGET_FAILURE(SenseReason.KEY_HARDWARE_ERROR, 0x44, 0x00),

    // ILLEGAL REQUEST (05h)
    /** 1Ah/00h: the parameter list length does not fit the command. */
    PARAMETER_LIST_LENGTH_ERROR(SenseReason.KEY_ILLEGAL_REQUEST, 0x1A, 0x00),
    /** 20h/00h: no command with this operation code exists. */
    INVALID_COMMAND_OPERATION_CODE(SenseReason.KEY_ILLEGAL_REQUEST, 0x20, 0x00),
    /** 21h/00h: the LBA range is not inside the medium. */
    LBA_OUT_OF_RANGE(SenseReason.KEY_ILLEGAL_REQUEST, 0x21, 0x00),
    /** 24h/00h: a CDB field holds a value that is reserved or not supported. */
    INVALID_FIELD_IN_CDB(SenseReason.KEY_ILLEGAL_REQUEST, 0x24, 0x00),
    /** 25h/00h: the addressed logical unit does not exist. */
    LOGICAL_UNIT_NOT_SUPPORTED(SenseReason.KEY_ILLEGAL_REQUEST, 0x25, 0x00),
    /** 26h/00h: a parameter-list field holds a value that is reserved or not supported. */
    INVALID_FIELD_IN_PARAMETER_LIST(SenseReason.KEY_ILLEGAL_REQUEST, 0x26, 0x00),
    /** 26h/04h: RELEASE of a persistent reservation with a type or scope that does not match. */
    INVALID_RELEASE_OF_PERSISTENT_RESERVATION(SenseReason.KEY_ILLEGAL_REQUEST, 0x26, 0x04),
    /** 26h/06h: EXTENDED COPY with more target descriptors than supported. */
    TOO_MANY_TARGET_DESCRIPTORS(SenseReason.KEY_ILLEGAL_REQUEST, 0x26, 0x06),
    /** 26h/07h: EXTENDED COPY with a target descriptor type that is not supported. */
    UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE(SenseReason.KEY_ILLEGAL_REQUEST, 0x26, 0x07),
    /** 26h/08h: EXTENDED COPY with more segment descriptors than supported. */
    TOO_MANY_SEGMENT_DESCRIPTORS(SenseReason.KEY_ILLEGAL_REQUEST, 0x26, 0x08),
    /** 26h/09h: EXTENDED COPY with a segment descriptor type that is not supported. */
    UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE(SenseReason.KEY_ILLEGAL_REQUEST, 0x26, 0x09),
    /** 0Eh/03h: the command's transport fields (e.g. iSCSI EDTL) contradict the CDB. */
    INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT(SenseReason.KEY_ILLEGAL_REQUEST, 0x0E, 0x03),
    /** 2Ch/00h: the command is not allowed in the current state (e.g. REGISTER AND MOVE to self). */
    COMMAND_SEQUENCE_ERROR(SenseReason.KEY_ILLEGAL_REQUEST, 0x2C, 0x00),
    /** 39h/00h: the page control field asked for saved values, which this target does not keep. */
    SAVING_PARAMETERS_NOT_SUPPORTED(SenseReason.KEY_ILLEGAL_REQUEST, 0x39, 0x00),
    /** 55h/04h: no room for another persistent reservation registration. */
    INSUFFICIENT_REGISTRATION_RESOURCES(SenseReason.KEY_ILLEGAL_REQUEST, 0x55, 0x04),
    /** 53h/02h: medium removal is prevented. */
    MEDIUM_REMOVAL_PREVENTED(SenseReason.KEY_ILLEGAL_REQUEST, 0x53, 0x02),

    // UNIT ATTENTION (06h)
    /** 29h/00h: power on, reset, or bus device reset occurred (first contact of a new I_T nexus). */
    POWER_ON_RESET_OCCURRED(SenseReason.KEY_UNIT_ATTENTION, 0x29, 0x00),
    /** 29h/03h: a LOGICAL UNIT RESET or TARGET RESET was performed for another nexus. */
    BUS_DEVICE_RESET_FUNCTION_OCCURRED(SenseReason.KEY_UNIT_ATTENTION, 0x29, 0x03),
    /** 2Ah/01h: another nexus changed mode parameters. */
    MODE_PARAMETERS_CHANGED(SenseReason.KEY_UNIT_ATTENTION, 0x2A, 0x01),
    /** 2Ah/03h: another nexus preempted this nexus's reservation. */
    RESERVATIONS_PREEMPTED(SenseReason.KEY_UNIT_ATTENTION, 0x2A, 0x03),
    /** 2Ah/04h: the reservation this nexus was registered under was released. */
    RESERVATIONS_RELEASED(SenseReason.KEY_UNIT_ATTENTION, 0x2A, 0x04),
    /** 2Ah/05h: this nexus's registration was removed by another nexus. */
    REGISTRATIONS_PREEMPTED(SenseReason.KEY_UNIT_ATTENTION, 0x2A, 0x05),
    /** 2Ah/09h: the capacity of the LU changed. */
    CAPACITY_DATA_HAS_CHANGED(SenseReason.KEY_UNIT_ATTENTION, 0x2A, 0x09),
    /** 2Fh/00h: another nexus cleared the tasks of this nexus. */
    COMMANDS_CLEARED_BY_ANOTHER_INITIATOR(SenseReason.KEY_UNIT_ATTENTION, 0x2F, 0x00),
    /** 38h/07h: thin provisioning soft threshold reached: the backing store passed its warning level (SBC-4 §4.7.3.7). */
    SOFT_THRESHOLD_REACHED(SenseReason.KEY_UNIT_ATTENTION, 0x38, 0x07),
    /** 3Fh/0Eh: the inventory of LUNs changed. */
    REPORTED_LUNS_DATA_HAS_CHANGED(SenseReason.KEY_UNIT_ATTENTION, 0x3F, 0x0E),

    // DATA PROTECT (07h)
    /** 27h/00h: the LU is read-only. */
    WRITE_PROTECTED(SenseReason.KEY_DATA_PROTECT, 0x27, 0x00),
    /** 27h/07h: the backing store is out of space (thin provisioning hard threshold). */
    SPACE_ALLOCATION_FAILED_WRITE_PROTECT(SenseReason.KEY_DATA_PROTECT, 0x27, 0x07),

    // COPY ABORTED (0Ah)
    /** 0Dh/02h: a copy target named by EXTENDED COPY is not reachable by this initiator. */
    COPY_TARGET_DEVICE_NOT_REACHABLE(SenseReason.KEY_COPY_ABORTED, 0x0D, 0x02),
    /**
     * 00h/00h under COPY ABORTED: a segment failed; the sense-key-specific segment pointer names the
     * offending field of the parameter list (SPC-4 §4.5.2.4.5).
     */
    COPY_ABORTED(SenseReason.KEY_COPY_ABORTED, 0x00, 0x00),

    // ABORTED COMMAND (0Bh): the transport ended the command (RFC 7143 §7.1.4, SPC-4 Annex D)
    /** 47h/05h: a Data-Out PDU failed its data digest; ERL 0 cannot ask for it again. */
    PROTOCOL_SERVICE_CRC_ERROR(SenseReason.KEY_ABORTED_COMMAND, 0x47, 0x05),
    /** 4Bh/00h: Data-Out PDUs did not follow the command's data transfer. */
    DATA_PHASE_ERROR(SenseReason.KEY_ABORTED_COMMAND, 0x4B, 0x00),
    /** 4Bh/05h: a Data-Out PDU's buffer offset was not the one expected. */
    DATA_OFFSET_ERROR(SenseReason.KEY_ABORTED_COMMAND, 0x4B, 0x05),

    // MISCOMPARE (0Eh)
    /** 1Dh/00h: COMPARE AND WRITE or VERIFY found different data. */
    MISCOMPARE_DURING_VERIFY_OPERATION(SenseReason.KEY_MISCOMPARE, 0x1D, 0x00);

    public static final int KEY_NO_SENSE = 0x0;
    public static final int KEY_NOT_READY = 0x2;
    public static final int KEY_MEDIUM_ERROR = 0x3;
    public static final int KEY_HARDWARE_ERROR = 0x4;
    public static final int KEY_ILLEGAL_REQUEST = 0x5;
    public static final int KEY_UNIT_ATTENTION = 0x6;
    public static final int KEY_DATA_PROTECT = 0x7;
    public static final int KEY_COPY_ABORTED = 0xA;
    public static final int KEY_ABORTED_COMMAND = 0xB;
    public static final int KEY_MISCOMPARE = 0xE;

    private final int senseKey;
    private final int asc;
    private final int ascq;

    SenseReason(int senseKey, int asc, int ascq) {
        this.senseKey = senseKey;
        this.asc = asc;
        this.ascq = ascq;
    }

    public int senseKey() {
        return senseKey;
    }

    public int asc() {
        return asc;
    }

    public int ascq() {
        return ascq;
    }

    /** @return whether this reason is a unit attention condition (sense key 06h) */
    public boolean isUnitAttention() {
        return senseKey == KEY_UNIT_ATTENTION;
    }
}
