package org.snaptarget.scsi;

/** Properties of a command that change how the dispatcher admits it (SAM-5 §5.14, SPC-4 §4.6). */
public enum CommandFlag {
    /** Answered even for a LUN that does not exist (INQUIRY, REPORT LUNS, REQUEST SENSE). */
    ABSENT_LUN_ALLOWED,
    /** Runs without reporting a pending unit attention first (SAM-5 §5.14: INQUIRY, REPORT LUNS, REQUEST SENSE). */
    UNIT_ATTENTION_EXEMPT,
    /** Allowed from other nexuses while one holds an SPC-2 RESERVE (SPC-2 §5.5.1 Table: INQUIRY, REPORT LUNS, REQUEST SENSE, RELEASE, PERSISTENT RESERVE IN). */
    ALLOWED_UNDER_RESERVATION,
    /** Refused with DATA PROTECT / WRITE PROTECTED on a read-only LU. */
    CHANGES_MEDIUM
}
