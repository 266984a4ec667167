package org.snaptarget.scsi;

/**
 * Single-level LUN encoding (SAM-5 §4.7): the 8-byte LUN field, held here as a big-endian long.
 * LUNs below 256 use the peripheral device addressing method (byte 0 = 00h, byte 1 = LUN); larger
 * ones, up to 16383, the flat space method (byte 0 = 40h | LUN bits 13..8, byte 1 = LUN bits 7..0).
 * Bytes 2..7 are zero; anything else (hierarchical levels, other methods) does not decode.
 */
public final class LunAddress {

    /** The largest LUN single-level flat space addressing can carry. */
    public static final long MAX_LUN = 0x3FFF;

    /** Returned by {@link #decode} for a LUN field this target does not address. */
    public static final long INVALID = -1;

    private LunAddress() {
    }

    /** @return the LUN number, or {@link #INVALID} */
    public static long decode(long field) {
        if ((field & 0x0000_FFFF_FFFF_FFFFL) != 0) {
            return INVALID;
        }
        int b0 = (int) (field >>> 56) & 0xFF;
        int b1 = (int) (field >>> 48) & 0xFF;
        return switch (b0 >>> 6) {
            case 0 -> b0 == 0 ? b1 : INVALID;
            case 1 -> ((long) (b0 & 0x3F) << 8) | b1;
            default -> INVALID;
        };
    }

    /** @return the 8-byte LUN field for a LUN number in [0, {@link #MAX_LUN}] */
    public static long encode(long lun) {
        if (lun < 0 || lun > MAX_LUN) {
            throw new IllegalArgumentException("LUN out of single-level range: " + lun);
        }
        if (lun < 256) {
            return lun << 48;
        }
        return ((0x40L | (lun >>> 8)) << 56) | ((lun & 0xFF) << 48);
    }
}
