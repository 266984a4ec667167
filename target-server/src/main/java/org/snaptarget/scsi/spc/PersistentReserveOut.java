package org.snaptarget.scsi.spc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

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
 * byte 20 SPEC_I_PT (bit 3), ALL_TG_PT (bit 2), APTPL (bit 0); its length must be exactly 24, else
 * PARAMETER LIST LENGTH ERROR. SPEC_I_PT and ALL_TG_PT are not supported (SIP_C=ATP_C=0): INVALID
 * FIELD IN PARAMETER LIST. APTPL=1 on a LU that cannot persist is INVALID FIELD IN PARAMETER LIST.
 * REGISTER AND MOVE (§6.16.4) has its own layout: UNREG (byte 17 bit 1), APTPL (byte 17 bit 0),
 * RELATIVE TARGET PORT IDENTIFIER (18..19), TRANSPORTID PARAMETER DATA LENGTH (20..23), and an iSCSI
 * TransportID (format 00h name or 01h name with ",i,0x" ISID) at byte 24.
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
        if (listLength != 24 || p.length != 24) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        long key = u64(p, 0);
        long saKey = u64(p, 8);
        boolean specIPt = (p[20] & 0x08) != 0;
        boolean allTgPt = (p[20] & 0x04) != 0;
        boolean aptpl = (p[20] & 0x01) != 0;
        if (specIPt) {
            throw SenseException.invalidParameterField(20, 3);
        }
        if (allTgPt) {
            throw SenseException.invalidParameterField(20, 2);
        }
        boolean registering = action == REGISTER || action == REGISTER_AND_IGNORE_EXISTING_KEY;
        if (registering && aptpl && !r.persistenceSupported()) {
            throw SenseException.invalidParameterField(20, 0);
        }
        boolean ok = switch (action) {
            case REGISTER -> r.register(nexus, key, saKey, false, aptpl);
            case REGISTER_AND_IGNORE_EXISTING_KEY -> r.register(nexus, key, saKey, true, aptpl);
            case RESERVE -> r.reserve(nexus, key, type(ctx));
            case RELEASE -> r.release(nexus, key, type(ctx));
            case CLEAR -> r.clear(nexus, key);
            case PREEMPT -> r.preempt(nexus, key, saKey, type(ctx), false);
            case PREEMPT_AND_ABORT -> r.preempt(nexus, key, saKey, type(ctx), true);
            default -> throw SenseException.invalidCdbField(1, 4);
        };
        return ok ? CommandContext.good() : CONFLICT;
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
        long idLength = ((long) (p[20] & 0xFF) << 24) | ((p[21] & 0xFF) << 16) | ((p[22] & 0xFF) << 8) | (p[23] & 0xFF);
        if (aptpl && !r.persistenceSupported()) {
            throw SenseException.invalidParameterField(17, 0);
        }
        if (24 + idLength > p.length || idLength < 4) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        if (relativePort != ctx.nexus().relativeTargetPortId()) {
            throw SenseException.invalidParameterField(18);
        }
        String portName = transportIdPortName(p, 24, (int) idLength);
        ItNexus destination = new ItNexus(portName, ctx.nexus().targetPortName(), relativePort);
        boolean ok = r.registerAndMove(ctx.nexus(), key, saKey, destination, unregister, aptpl);
        return ok ? CommandContext.good() : CONFLICT;
    }

    /**
     * Decodes an iSCSI TransportID (SPC-4 §7.6.4.6 / RFC 7143): byte 0 FORMAT CODE (bits 7..6) and
     * PROTOCOL IDENTIFIER 5h; bytes 2..3 ADDITIONAL LENGTH; from byte 4 a null-terminated UTF-8 name,
     * for format 01b of the form {@code name,i,0x<ISID>}, naming the initiator port.
     */
    static String transportIdPortName(byte[] p, int at, int length) throws SenseException {
        int protocol = p[at] & 0x0F;
        int format = (p[at] & 0xC0) >>> 6;
        if (protocol != 0x5 || format > 1) {
            throw SenseException.invalidParameterField(at);
        }
        int additional = ((p[at + 2] & 0xFF) << 8) | (p[at + 3] & 0xFF);
        int end = Math.min(at + 4 + additional, at + length);
        int nul = at + 4;
        while (nul < end && p[nul] != 0) {
            nul++;
        }
        String name = new String(p, at + 4, nul - (at + 4), StandardCharsets.UTF_8);
        if (name.isEmpty()) {
            throw SenseException.invalidParameterField(at + 4);
        }
        int i = name.indexOf(",i,0x");
        if (i >= 0) {
            return name.substring(0, i) + ",i,0x" + name.substring(i + 5).toLowerCase(java.util.Locale.ROOT);
        }
        return name;
    }

    static long u64(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
