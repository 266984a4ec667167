package org.snaptarget.scsi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable snapshot of one LU's persistent reservation state (SPC-4 §5.13): the registrations
 * (I_T nexus → reservation key, in registration order), the reservation (holder and type, or none;
 * the scope is always LU_SCOPE), the PRgeneration counter, and whether the state persists through
 * power loss (APTPL).
 *
 * <p>Invariants: keys are non-zero; a holder is always registered; for all-registrants types the
 * holder field names the nexus that reserved and the reservation lasts while any registrant does.
 */
public record ReservationState(int generation, Map<ItNexus, Long> registrations, ItNexus holder,
                               ReservationType type, boolean aptpl) {

    /** No registrations, no reservation, generation 0. */
    public static final ReservationState EMPTY = new ReservationState(0, Map.of(), null, null, false);

    public ReservationState {
        registrations = Collections.unmodifiableMap(new LinkedHashMap<>(registrations));
        if ((holder == null) != (type == null)) {
            throw new IllegalArgumentException("holder and type go together");
        }
    }

    /** @return whether a reservation exists */
    public boolean reserved() {
        return type != null;
    }

    /** @return the nexus's key, or {@code null} when it is not registered */
    public Long keyOf(ItNexus nexus) {
        return registrations.get(nexus);
    }

    /** @return whether the nexus holds the reservation (every registrant does for all-registrants types) */
    public boolean isHolder(ItNexus nexus) {
        if (type == null) {
            return false;
        }
        return type.allRegistrants() ? registrations.containsKey(nexus) : holder.equals(nexus);
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
        return !(type.registrantsHaveAccess() && registrations.containsKey(nexus));
    }
}
