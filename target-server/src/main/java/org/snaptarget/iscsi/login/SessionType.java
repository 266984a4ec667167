package org.snaptarget.iscsi.login;

/** The SessionType key's two values (RFC 7143 §13.21); Normal is the default. */
public enum SessionType {
    /** Only SendTargets text requests and logout are accepted (RFC 7143 Appendix C). */
    DISCOVERY,
    /** A session for SCSI commands to one target. */
    NORMAL
}
