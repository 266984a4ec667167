package org.snaptarget.scsi.spc;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;

/**
 * REPORT TARGET PORT GROUPS (SPC-4 §6.37, MAINTENANCE IN A3h service action 0Ah) for implicit
 * asymmetric logical unit access (SPC-4 §5.15; INQUIRY TPGS = 01b).
 *
 * <p>The model this target has: every portal of a target belongs to the target's one portal group
 * (its TPGT), which is one SCSI target port (RFC 7143 §4.4.1: target name plus TPGT), so each LU
 * is reached through one target port in one target port group, {@link VpdPages#TARGET_PORT_GROUP},
 * which is always active/optimized. The answer is therefore the same on every path, which is what
 * multipath software (ESXi's ALUA SATP, Linux scsi_dh_alua) compares, and it agrees with the
 * relative target port and target port group designators of VPD 83h.
 *
 * <p>CDB: PARAMETER DATA FORMAT (byte 1 bits 7..5: 000b length-only header, 001b extended header
 * with FORMAT TYPE 1 and IMPLICIT TRANSITION TIME; anything else is INVALID FIELD IN CDB),
 * ALLOCATION LENGTH (bytes 6..9).
 */
public final class ReportTargetPortGroups {

    /** ASYMMETRIC ACCESS STATE active/optimized (0h), with PREF=1: the group to use. */
    static final int PREFERRED_ACTIVE_OPTIMIZED = 0x80;
    /** Supported states: AO_SUP only; no transition, standby, unavailable or offline states exist. */
    static final int SUPPORTS_ACTIVE_OPTIMIZED = 0x01;
    /** IMPLICIT TRANSITION TIME in seconds: none ever happens. */
    static final int IMPLICIT_TRANSITION_SECONDS = 0;

    private static final int DESCRIPTOR_BYTES = 8;
    private static final int PORT_BYTES = 4;

    private ReportTargetPortGroups() {
    }

    public static ScsiResponse execute(CommandContext ctx) throws SenseException {
        int format = ctx.cdb().u8(1) >>> 5;
        if (format > 1) {
            throw SenseException.invalidCdbField(1, 7);
        }
        long allocationLength = ctx.cdb().u32(6);
        int header = format == 1 ? 8 : 4;
        byte[] data = new byte[header + DESCRIPTOR_BYTES + PORT_BYTES];
        int returnLength = data.length - 4;
        data[0] = (byte) (returnLength >>> 24);
        data[1] = (byte) (returnLength >>> 16);
        data[2] = (byte) (returnLength >>> 8);
        data[3] = (byte) returnLength;
        if (format == 1) {
            data[4] = 0x10;                                   // FORMAT TYPE 001b
            data[5] = (byte) IMPLICIT_TRANSITION_SECONDS;
        }
        int d = header;
        data[d] = (byte) PREFERRED_ACTIVE_OPTIMIZED;
        data[d + 1] = (byte) SUPPORTS_ACTIVE_OPTIMIZED;
        data[d + 2] = (byte) (VpdPages.TARGET_PORT_GROUP >>> 8);
        data[d + 3] = (byte) VpdPages.TARGET_PORT_GROUP;
        data[d + 5] = 0;                                      // STATUS CODE: no status available
        data[d + 7] = 1;                                      // TARGET PORT COUNT
        int port = ctx.nexus().relativeTargetPortId();
        data[d + DESCRIPTOR_BYTES + 2] = (byte) (port >>> 8);
        data[d + DESCRIPTOR_BYTES + 3] = (byte) port;
        return CommandContext.dataIn(data, data.length, allocationLength);
    }
}
