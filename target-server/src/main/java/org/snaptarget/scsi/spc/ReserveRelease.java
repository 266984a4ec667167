package org.snaptarget.scsi.spc;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.ScsiResponse;

/**
 * RESERVE(6)/(10) and RELEASE(6)/(10) (SPC-2 §7.21-7.24): the whole-LU reservation ESXi takes while
 * formatting VMFS. Third-party and extent reservations are obsolete and refused by the usage maps.
 * RESERVE conflicts while another nexus holds it or while a persistent reservation exists (CRH=1,
 * SPC-4 §5.13.3); RELEASE from a nexus that does not hold it succeeds without effect.
 */
public final class ReserveRelease {

    private static final ScsiResponse CONFLICT = new ScsiResponse(ScsiResponse.RESERVATION_CONFLICT, null, null, -1);

    private ReserveRelease() {
    }

    public static ScsiResponse reserve(CommandContext ctx) {
        return ctx.unit().reservations().reserveSpc2(ctx.nexus()) ? CommandContext.good() : CONFLICT;
    }

    public static ScsiResponse release(CommandContext ctx) {
        ctx.unit().reservations().releaseSpc2(ctx.nexus());
        return CommandContext.good();
    }
}
