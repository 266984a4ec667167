package org.snaptarget.scsi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of one LU's persistent reservation state (SPC-4 §5.13): the registrations
 * (registered I_T nexus → reservation key, in registration order), the reservation (holder and
 * type, or none; the scope is always LU_SCOPE), the PRgeneration counter, whether the state
 * persists through power loss (APTPL), and which registrations were made with ALL_TG_PT=1.
 *
 * <p>A registration names the I_T nexuses it covers (SPC-4 §5.13.7, §6.16.3):
 * <ul>
 *   <li>its initiator part is an iSCSI initiator port name ({@code name,i,0xISID}), covering that
 *       port only, or — when registered from a TransportID of format 00h (SPC-4 §7.6.4.6), which
 *       names the initiator device without an ISID — a bare iSCSI name, covering every initiator
 *       port with that name;</li>
 *   <li>its target part is the target port it was registered through, or every target port of
 *       the same SCSI target device (every portal group of the target name) when it is in
 *       {@link #allTargetPorts()} (ALL_TG_PT=1).</li>
 * </ul>
 * Every query takes a real I_T nexus and first finds the registration covering it
 * ({@link #registrant}).
 *
 * <p>Invariants: keys are non-zero; no I_T nexus is covered by two registrations; a holder is
 * always registered; for all-registrants types the holder field names the registration that
 * reserved and the reservation lasts while any registrant does; {@code allTargetPorts} is a subset
 * of the registrations.
 */
public record ReservationState(int generation, Map<ItNexus, Long> registrations, ItNexus holder,
                               ReservationType type, boolean aptpl, Set<ItNexus> allTargetPorts) {

    /** No registrations, no reservation, generation 0. */
    public static final ReservationState EMPTY = new ReservationState(0, Map.of(), null, null, false);

    private static final String ISID_SEPARATOR = ",i,0x";
    private static final String TPGT_SEPARATOR = ",t,0x";

    public ReservationState {
        registrations = Collections.unmodifiableMap(new LinkedHashMap<>(registrations));
        Set<ItNexus> all = new LinkedHashSet<>(allTargetPorts);
        all.retainAll(registrations.keySet());
        allTargetPorts = Collections.unmodifiableSet(all);
        if ((holder == null) != (type == null)) {
            throw new IllegalArgumentException("holder and type go together");
        }
    }

    /** A state without ALL_TG_PT registrations. */
    public ReservationState(int generation, Map<ItNexus, Long> registrations, ItNexus holder, ReservationType type,
                            boolean aptpl) {
        this(generation, registrations, holder, type, aptpl, Set.of());
    }

    /** @return whether a reservation exists */
    public boolean reserved() {
        return type != null;
    }

    /**
     * @return the registration covering the I_T nexus (the nexus itself when it registered
     *         directly), or {@code null} when it is not registered
     */
    public ItNexus registrant(ItNexus nexus) {
        if (registrations.containsKey(nexus)) {
            return nexus;
        }
        for (ItNexus r : registrations.keySet()) {
            if (covers(r, allTargetPorts.contains(r), nexus)) {
                return r;
            }
        }
        return null;
    }

    /** @return the key of the registration covering the nexus, or {@code null} when it is not registered */
    public Long keyOf(ItNexus nexus) {
        ItNexus r = registrant(nexus);
        return r == null ? null : registrations.get(r);
    }

    /** @return whether the nexus holds the reservation (every registrant does for all-registrants types) */
    public boolean isHolder(ItNexus nexus) {
        if (type == null) {
            return false;
        }
        ItNexus r = registrant(nexus);
        return r != null && (type.allRegistrants() || holder.equals(r));
    }

    /**
     * @return whether a command with this medium access from this nexus conflicts with the
     *         reservation (SPC-4 §5.13.1, Table 52: reads conflict only under Exclusive Access types,
     *         writes under all types; the holder, and registrants under registrants-only and
     *         all-registrants types, never conflict)
     */
    public boolean conflicts(ItNexus nexus, MediumAccess access) {
        if (type == null || access == MediumAccess.NONE) {
            return false;
        }
        if (access == MediumAccess.READ && !type.exclusiveAccess()) {
            return false;
        }
        if (isHolder(nexus)) {
            return false;
        }
        return !(type.registrantsHaveAccess() && registrant(nexus) != null);
    }

    /**
     * Whether a registration covers an I_T nexus: the initiator port matches (or the registration
     * names the initiator device by its bare iSCSI name), and the target port matches (or the
     * registration is for all target ports).
     */
    public static boolean covers(ItNexus registration, boolean allTargetPorts, ItNexus nexus) {
        boolean initiator = registration.initiatorPortName().equals(nexus.initiatorPortName())
                || (!hasIsid(registration) && registration.initiatorPortName().equals(nexus.initiatorName()));
        boolean target = registration.targetPortName().equals(nexus.targetPortName())
                || (allTargetPorts && targetName(registration).equals(targetName(nexus)));
        return initiator && target;
    }

    /** Whether two registrations could cover a common I_T nexus. */
    public static boolean overlap(ItNexus a, boolean aAllPorts, ItNexus b, boolean bAllPorts) {
        boolean initiators = a.initiatorPortName().equals(b.initiatorPortName())
                || (!hasIsid(a) && a.initiatorPortName().equals(b.initiatorName()))
                || (!hasIsid(b) && b.initiatorPortName().equals(a.initiatorName()));
        boolean targets = a.targetPortName().equals(b.targetPortName())
                || ((aAllPorts || bAllPorts) && targetName(a).equals(targetName(b)));
        return initiators && targets;
    }

    /** The SCSI target device name: the target port name without its ",t,0x" TPGT part. */
    private static String targetName(ItNexus nexus) {
        String port = nexus.targetPortName();
        int comma = port.indexOf(TPGT_SEPARATOR);
        return comma < 0 ? port : port.substring(0, comma);
    }

    private static boolean hasIsid(ItNexus registration) {
        return registration.initiatorPortName().contains(ISID_SEPARATOR);
    }
}
