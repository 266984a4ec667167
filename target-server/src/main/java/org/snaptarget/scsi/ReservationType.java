package org.snaptarget.scsi;

/**
 * Persistent reservation types (SPC-4 §5.13.10, Table 53), with the access rules the dispatcher
 * applies to a nexus that is not the reservation holder.
 */
public enum ReservationType {
    WRITE_EXCLUSIVE(0x1),
    EXCLUSIVE_ACCESS(0x3),
    WRITE_EXCLUSIVE_REGISTRANTS_ONLY(0x5),
    EXCLUSIVE_ACCESS_REGISTRANTS_ONLY(0x6),
    WRITE_EXCLUSIVE_ALL_REGISTRANTS(0x7),
    EXCLUSIVE_ACCESS_ALL_REGISTRANTS(0x8);

    private final int code;

    ReservationType(int code) {
        this.code = code;
    }

    /** @return the TYPE field value */
    public int code() {
        return code;
    }

    /** @return the type for a TYPE field value, or {@code null} for a value this target does not support */
    public static ReservationType of(int code) {
        for (ReservationType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** @return whether every registrant is a reservation holder (types 7h and 8h) */
    public boolean allRegistrants() {
        return this == WRITE_EXCLUSIVE_ALL_REGISTRANTS || this == EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
    }

    /** @return whether registered nexuses get the holder's access (types 5h to 8h) */
    public boolean registrantsHaveAccess() {
        return this != WRITE_EXCLUSIVE && this != EXCLUSIVE_ACCESS;
    }

    /** @return whether reads are restricted too (Exclusive Access types) */
    public boolean exclusiveAccess() {
        return this == EXCLUSIVE_ACCESS || this == EXCLUSIVE_ACCESS_REGISTRANTS_ONLY || this == EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
    }
}
