package org.snaptarget.scsi;

/**
 * Which LUs an initiator may reach through a target (LUN masking). A LU a nexus may not access is
 * treated as absent for it — INQUIRY answers qualifier 3, other commands LOGICAL UNIT NOT
 * SUPPORTED, REPORT LUNS omits it — and EXTENDED COPY cannot name it as source or destination,
 * which closes the hole of CVE-2020-28374 (copying between LUs the initiator was never given).
 */
@FunctionalInterface
public interface LunAccess {

    /** Every initiator may access every LU of the target. */
    LunAccess ALL = (nexus, lun) -> true;

    boolean allowed(ItNexus nexus, long lun);
}
