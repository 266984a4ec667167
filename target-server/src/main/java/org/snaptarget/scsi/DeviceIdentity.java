package org.snaptarget.scsi;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The identity of one logical unit as initiators see it (SPC-4 §7.8.6 VPD 83h, §7.8.15 VPD 80h):
 * a 64-bit NAA designator and a unit serial number. Initiators key on it (ESXi names the disk
 * {@code naa.<hex>}, Windows uses it as disk identity, multipath groups paths by it), so a device
 * must report the same identity for its whole life, across restarts.
 *
 * @param naa    the 8-byte NAA designator value (the NAA field is its top 4 bits; 5h = IEEE Registered)
 * @param serial the unit serial number: printable ASCII, at most 64 characters, no spaces
 */
public record DeviceIdentity(long naa, String serial) {

    public DeviceIdentity {
        Objects.requireNonNull(serial, "serial");
        if (serial.isEmpty() || serial.length() > 64 || !serial.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("serial must be 1..64 printable ASCII characters without spaces: " + serial);
        }
        if ((naa >>> 60) == 0) {
            throw new IllegalArgumentException("NAA field (top 4 bits) must not be 0: " + Long.toHexString(naa));
        }
    }

    /**
     * The 24-bit IEEE company identifier placed in generated NAA IEEE Registered designators.
     * SnapTarget has no IEEE assignment of its own; this value is used so that generated identities
     * share one recognisable prefix, and the 36 random bits below it make collisions negligible.
     */
    public static final int COMPANY_ID = 0x5D_7A_06;

    /**
     * Generates a new identity: an NAA IEEE Registered designator (NAA 5h, SPC-4 §7.8.6.6.4) made of
     * {@link #COMPANY_ID} and 36 random bits, and a serial number equal to its 16 hex digits.
     */
    public static DeviceIdentity generate(SecureRandom random) {
        long vendorSpecific = random.nextLong() & 0xF_FFFF_FFFFL;
        long naa = (0x5L << 60) | ((long) COMPANY_ID << 36) | vendorSpecific;
        return new DeviceIdentity(naa, String.format("%016x", naa));
    }

    /** @return the designator as ESXi and Linux print it: 16 lowercase hex digits */
    public String naaHex() {
        return String.format("%016x", naa);
    }
}
