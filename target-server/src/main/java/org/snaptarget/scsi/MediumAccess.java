package org.snaptarget.scsi;

/**
 * How a command touches the logical unit, which decides how reservations treat it (SPC-4 §5.13.1
 * and the per-command tables of SPC-4 §5.13 / SBC-4 §4.17): {@link #NONE} commands are allowed under
 * every reservation, {@link #READ} commands conflict only with Exclusive Access reservations the
 * nexus does not hold, {@link #WRITE} commands conflict with any reservation type the nexus is not
 * allowed to write under. WRITE commands are also refused on a read-only LU.
 */
public enum MediumAccess {
    NONE, READ, WRITE
}
