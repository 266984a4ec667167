package org.snaptarget.config;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes, written in the configuration as a whole number followed by an optional IEC
 * binary unit: {@code 512}, {@code 4096B}, {@code 64KiB}, {@code 20GiB}, {@code 2TiB}. A space
 * between number and unit is allowed.
 *
 * <p>The one-letter and SI-looking units {@code K, M, G, T, KB, MB, GB, TB} are refused on purpose:
 * {@code qemu-img} and LVM read {@code G} as 2^30 while disk vendors read {@code GB} as 10^9, and a
 * volume that is 7 % smaller than its administrator believes is worse than an error message that
 * names the unit to write instead. Fractions ({@code 1.5GiB}) are refused too; write {@code 1536MiB}.
 *
 * <p>Invariant: {@code bytes >= 0}.
 */
public record Size(long bytes) implements Comparable<Size> {

    public static final long KIB = 1L << 10;
    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;
    public static final long TIB = 1L << 40;

    private static final Pattern FORM = Pattern.compile("([0-9]+)\\s*([A-Za-z]*)");
    private static final Map<String, Long> UNITS = Map.of("", 1L, "B", 1L, "KiB", KIB, "MiB", MIB, "GiB", GIB,
            "TiB", TIB);
    private static final Map<String, String> AMBIGUOUS = Map.of("K", "KiB", "KB", "KiB", "M", "MiB", "MB", "MiB",
            "G", "GiB", "GB", "GiB", "T", "TiB", "TB", "TiB");
    private static final String[] NAMES = {"TiB", "GiB", "MiB", "KiB"};
    private static final long[] FACTORS = {TIB, GIB, MIB, KIB};

    public Size {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative size: " + bytes);
        }
    }

    public static Size ofBytes(long bytes) {
        return new Size(bytes);
    }

    /**
     * Parses a size as described in the class comment.
     *
     * @throws ValueFormatException naming what is wrong and what to write instead
     */
    public static Size parse(String text) {
        String t = text.strip();
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new ValueFormatException("'" + text + "' is not a size: write a whole number of bytes or a whole"
                    + " number followed by KiB, MiB, GiB or TiB, e.g. 20GiB");
        }
        String unit = m.group(2);
        Long factor = UNITS.get(unit);
        if (factor == null) {
            String fix = AMBIGUOUS.get(unit.toUpperCase(Locale.ROOT));
            if (fix != null) {
                throw new ValueFormatException("'" + text + "' has the ambiguous unit '" + unit + "': write "
                        + m.group(1) + fix + " (binary) or a plain number of bytes");
            }
            throw new ValueFormatException("'" + text + "' has the unknown unit '" + unit
                    + "': use B, KiB, MiB, GiB or TiB");
        }
        BigInteger value = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(factor));
        if (value.bitLength() > 62) {
            throw new ValueFormatException("'" + text + "' is too large: at most 4194303TiB");
        }
        return new Size(value.longValueExact());
    }

    /** The shortest exact spelling: {@code 65536} bytes is {@code 64KiB}, {@code 1000} is {@code 1000B}. */
    @Override
    public String toString() {
        if (bytes != 0) {
            for (int i = 0; i < FACTORS.length; i++) {
                if (bytes % FACTORS[i] == 0) {
                    return (bytes / FACTORS[i]) + NAMES[i];
                }
            }
        }
        return bytes + "B";
    }

    @Override
    public int compareTo(Size other) {
        return Long.compare(bytes, other.bytes);
    }
}
