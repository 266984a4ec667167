package org.snaptarget.admin;

/**
 * One exported LUN.
 *
 * @param snapshot {@code null} for the pool's origin
 * @param naa      the VPD 83 NAA designator, 16 or 32 hex digits; stable across restarts
 * @param serial   the VPD 80 unit serial number
 */
public record LunView(String target, int lun, String pool, String snapshot, boolean readOnly, String naa,
                      String serial) {
}
