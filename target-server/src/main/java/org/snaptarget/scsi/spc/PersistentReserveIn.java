package org.snaptarget.scsi.spc;

import static org.snaptarget.scsi.ParameterBytes.putU32;
import static org.snaptarget.scsi.ParameterBytes.putU64;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.ItNexus;
import org.snaptarget.scsi.ReservationState;
import org.snaptarget.scsi.Reservations;
import org.snaptarget.scsi.ScsiResponse;

/**
 * PERSISTENT RESERVE IN (SPC-4 §6.15). CDB: SERVICE ACTION (byte 1), ALLOCATION LENGTH (bytes 7..8).
 * <ul>
 *   <li>READ KEYS (00h, §6.15.2): PRgeneration, then one 8-byte key per registered nexus.</li>
 *   <li>READ RESERVATION (01h, §6.15.3): PRgeneration, then if reserved the holder's key (0 for
 *       all-registrants types), SCOPE 0h and TYPE.</li>
 *   <li>REPORT CAPABILITIES (02h, §6.15.4): CRH=1, SIP_C=1 (SPEC_I_PT), ATP_C=1 (ALL_TG_PT),
 *       PTPL_C when the LU can persist, TMV=1, PTPL_A as currently set, and the type mask for types
 *       1h, 3h, 5h, 6h, 7h, 8h.</li>
 *   <li>READ FULL STATUS (03h, §6.15.5): per registration its key, ALL_TG_PT, R_HOLDER, scope/type,
 *       the relative target port it was registered through and the initiator's iSCSI TransportID
 *       (format 01b: name,i,0xISID; format 00b for a registration naming the initiator device).</li>
 * </ul>
 * Every answer is truncated to the allocation length.
 */
public final class PersistentReserveIn {

    private PersistentReserveIn() {
    }

    public static ScsiResponse execute(CommandContext ctx) {
        Reservations r = ctx.unit().reservations();
        ReservationState s = r.state();
        int allocationLength = ctx.cdb().u16(7);
        byte[] data = switch (ctx.cdb().serviceAction()) {
            case 0x00 -> readKeys(s);
            case 0x01 -> readReservation(s);
            case 0x02 -> reportCapabilities(r, s);
            default -> readFullStatus(s);
        };
        return CommandContext.dataIn(data, data.length, allocationLength);
    }

    private static byte[] readKeys(ReservationState s) {
        byte[] d = new byte[8 + 8 * s.registrations().size()];
        putU32(d, 0, s.generation());
        putU32(d, 4, 8L * s.registrations().size());
        int at = 8;
        for (long key : s.registrations().values()) {
            putU64(d, at, key);
            at += 8;
        }
        return d;
    }

    private static byte[] readReservation(ReservationState s) {
        if (!s.reserved()) {
            byte[] d = new byte[8];
            putU32(d, 0, s.generation());
            return d;
        }
        byte[] d = new byte[24];
        putU32(d, 0, s.generation());
        putU32(d, 4, 16);
        putU64(d, 8, s.type().allRegistrants() ? 0 : s.keyOf(s.holder()));
        d[21] = (byte) s.type().code();
        return d;
    }

    private static byte[] reportCapabilities(Reservations r, ReservationState s) {
        byte[] d = new byte[8];
        d[1] = 8;
        d[2] = (byte) (0x10 | 0x08 | 0x04 | (r.persistenceSupported() ? 0x01 : 0));   // CRH, SIP_C, ATP_C, PTPL_C
        d[3] = (byte) (0x80 | (s.aptpl() ? 0x01 : 0));                      // TMV, PTPL_A
        d[4] = (byte) (0x80 | 0x40 | 0x20 | 0x08 | 0x02);                   // WR_EX_AR EX_AC_RO WR_EX_RO EX_AC WR_EX
        d[5] = 0x01;                                                        // EX_AC_AR
        return d;
    }

    private static byte[] readFullStatus(ReservationState s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[8]);
        for (Map.Entry<ItNexus, Long> e : s.registrations().entrySet()) {
            ItNexus n = e.getKey();
            byte[] id = transportId(n.initiatorPortName());
            byte[] d = new byte[24];
            putU64(d, 0, e.getValue());
            if (s.allTargetPorts().contains(n)) {
                d[12] |= 0x02;                                              // ALL_TG_PT
            }
            if (s.isHolder(n)) {
                d[12] |= 0x01;                                              // R_HOLDER
                d[13] = (byte) s.type().code();
            }
            d[18] = (byte) (n.relativeTargetPortId() >>> 8);
            d[19] = (byte) n.relativeTargetPortId();
            putU32(d, 20, id.length);
            out.writeBytes(d);
            out.writeBytes(id);
        }
        byte[] data = out.toByteArray();
        putU32(data, 0, s.generation());
        putU32(data, 4, data.length - 8);
        return data;
    }

    /** An iSCSI TransportID, format 01b when the port name carries an ISID, else 00b; padded to a multiple of 4. */
    static byte[] transportId(String portName) {
        byte[] name = portName.getBytes(StandardCharsets.UTF_8);
        int padded = (name.length + 1 + 3) & ~3;
        byte[] id = new byte[4 + padded];
        id[0] = (byte) ((portName.contains(",i,0x") ? 0x40 : 0x00) | 0x05);
        id[2] = (byte) (padded >>> 8);
        id[3] = (byte) padded;
        System.arraycopy(name, 0, id, 4, name.length);
        return id;
    }
}
