package org.snaptarget.scsi.spc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.ItNexus;
import org.snaptarget.scsi.ReservationType;
import org.snaptarget.scsi.Reservations;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseReason;

/**
 * PERSISTENT RESERVE OUT (SPC-4 §6.16): decodes the CDB and the parameter list and performs the
 * service action on the LU's {@link Reservations}.
 *
 * <p>CDB: SERVICE ACTION (byte 1), SCOPE (byte 2 bits 7..4, must be 0h LU_SCOPE where used),
 * TYPE (byte 2 bits 3..0: 1h, 3h, 5h, 6h, 7h, 8h), PARAMETER LIST LENGTH (bytes 5..8).
 *
 * <p>Parameter list (§6.16.3): RESERVATION KEY (0..7), SERVICE ACTION RESERVATION KEY (8..15),
 * byte 20 SPEC_I_PT (bit 3), ALL_TG_PT (bit 2), APTPL (bit 0). Without SPEC_I_PT its length must be
 * exactly 24, else PARAMETER LIST LENGTH ERROR. APTPL=1 on a LU that cannot persist is INVALID
 * FIELD IN PARAMETER LIST.
 * <ul>
 *   <li>SPEC_I_PT=1 (SIP_C=1) is valid for REGISTER only: with REGISTER AND IGNORE EXISTING KEY it
 *       is INVALID FIELD IN CDB (§5.13.7.3), with any other service action INVALID FIELD IN PARAMETER
 *       LIST. The list then carries TRANSPORTID PARAMETER DATA LENGTH (24..27) and that many bytes of
 *       iSCSI TransportIDs ({@link TransportIds}); its length must be 28 plus that, else PARAMETER LIST
 *       LENGTH ERROR. The named initiator ports are registered with the sender, all or none
 *       ({@link Reservations#register}).</li>
 *   <li>ALL_TG_PT=1 (ATP_C=1) makes a REGISTER or REGISTER AND IGNORE EXISTING KEY registration apply
 *       through every target port of the target; the other service actions ignore it (§6.16.3).</li>
 * </ul>
 * REGISTER AND MOVE (§6.16.4) has its own layout: UNREG (byte 17 bit 1), APTPL (byte 17 bit 0),
 * RELATIVE TARGET PORT IDENTIFIER (18..19), TRANSPORTID PARAMETER DATA LENGTH (20..23), and an iSCSI
 * TransportID (format 00h or 01h) at byte 24.
 */
public final class PersistentReserveOut {

    static final int REGISTER = 0x00;
    static final int RESERVE = 0x01;
    static final int RELEASE = 0x02;
    static final int CLEAR = 0x03;
    static final int PREEMPT = 0x04;
    static final int PREEMPT_AND_ABORT = 0x05;
    static final int REGISTER_AND_IGNORE_EXISTING_KEY = 0x06;
    static final int REGISTER_AND_MOVE = 0x07;

    private static final ScsiResponse CONFLICT = new ScsiResponse(ScsiResponse.RESERVATION_CONFLICT, null, null, -1);

    private PersistentReserveOut() {
    }

    public static ScsiResponse execute(CommandContext ctx) throws SenseException, IOException {
        Reservations r = ctx.unit().reservations();
        ItNexus nexus = ctx.nexus();
        int action = ctx.cdb().serviceAction();
        long listLength = ctx.cdb().u32(5);
        byte[] p = ctx.parameterList(listLength);
        if (action == REGISTER_AND_MOVE) {
            return registerAndMove(ctx, r, p, listLength);
        }
        if (p.length != listLength || listLength < 24) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        long key = u64(p, 0);
        long saKey = u64(p, 8);
        boolean specIPt = (p[20] & 0x08) != 0;
        boolean allTgPt = (p[20] & 0x04) != 0;
        boolean aptpl = (p[20] & 0x01) != 0;
        boolean registering = action == REGISTER || action == REGISTER_AND_IGNORE_EXISTING_KEY;
        if (specIPt && action == REGISTER_AND_IGNORE_EXISTING_KEY) {
            throw SenseException.invalidCdbField(1, 4);
        }
        if (specIPt && action != REGISTER) {
            throw SenseException.invalidParameterField(20, 3);
        }
        List<Reservations.SpecifiedPort> specified = specIPt ? specifiedPorts(p) : List.of();
        if (!specIPt && listLength != 24) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        if (registering && aptpl && !r.persistenceSupported()) {
            throw SenseException.invalidParameterField(20, 0);
        }
        boolean ok = switch (action) {
            case REGISTER -> r.register(nexus, key, saKey, false, aptpl, allTgPt, specIPt, specified);
            case REGISTER_AND_IGNORE_EXISTING_KEY -> r.register(nexus, key, saKey, true, aptpl, allTgPt, false, List.of());
            case RESERVE -> r.reserve(nexus, key, type(ctx));
            case RELEASE -> r.release(nexus, key, type(ctx));
            case CLEAR -> r.clear(nexus, key);
            case PREEMPT -> r.preempt(nexus, key, saKey, type(ctx), false);
            case PREEMPT_AND_ABORT -> r.preempt(nexus, key, saKey, type(ctx), true);
            default -> throw SenseException.invalidCdbField(1, 4);
        };
        return ok ? CommandContext.good() : CONFLICT;
    }

    /** The TransportID list of a SPEC_I_PT=1 REGISTER: bytes 24..27 give its length, the IDs follow. */
    private static List<Reservations.SpecifiedPort> specifiedPorts(byte[] p) throws SenseException {
        if (p.length < 28) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        long idLength = u32(p, 24);
        if (28 + idLength != p.length) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        List<Reservations.SpecifiedPort> ports = new ArrayList<>();
        for (TransportIds.TransportId id : TransportIds.decodeList(p, 28, p.length)) {
            ports.add(new Reservations.SpecifiedPort(id.initiatorName(), id.offset()));
        }
        return ports;
    }

    /** @return the TYPE field, after checking SCOPE is LU_SCOPE */
    private static ReservationType type(CommandContext ctx) throws SenseException {
        int b = ctx.cdb().u8(2);
        if ((b >>> 4) != 0) {
            throw SenseException.invalidCdbField(2, 7);
        }
        ReservationType type = ReservationType.of(b & 0x0F);
        if (type == null) {
            throw SenseException.invalidCdbField(2, 3);
        }
        return type;
    }

    private static ScsiResponse registerAndMove(CommandContext ctx, Reservations r, byte[] p, long listLength)
            throws SenseException, IOException {
        if (listLength < 24 || p.length < 24) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        long key = u64(p, 0);
        long saKey = u64(p, 8);
        boolean unregister = (p[17] & 0x02) != 0;
        boolean aptpl = (p[17] & 0x01) != 0;
        int relativePort = ((p[18] & 0xFF) << 8) | (p[19] & 0xFF);
        long idLength = u32(p, 20);
        if (aptpl && !r.persistenceSupported()) {
            throw SenseException.invalidParameterField(17, 0);
        }
        if (24 + idLength > p.length || idLength < 4) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        if (relativePort != ctx.nexus().relativeTargetPortId()) {
            throw SenseException.invalidParameterField(18);
        }
        String portName = TransportIds.decode(p, 24, (int) (24 + idLength)).initiatorName();
        ItNexus destination = new ItNexus(portName, ctx.nexus().targetPortName(), relativePort);
        boolean ok = r.registerAndMove(ctx.nexus(), key, saKey, destination, unregister, aptpl);
        return ok ? CommandContext.good() : CONFLICT;
    }

    static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    static long u64(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
