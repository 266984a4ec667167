package org.snaptarget.cli;

import java.util.Locale;

/**
 * Byte counts for people: binary units (IEC 80000-13) with one decimal, e.g. {@code 0 B},
 * {@code 512 B}, {@code 1.0 KiB}, {@code 12.5 MiB}, {@code 3.0 GiB}. The unit is the largest in
 * which the value is at least 1; the value is rounded half up to one decimal, so {@code 1023.96 KiB}
 * reads {@code 1024.0 KiB} rather than jumping unit on rounding.
 */
final class HumanBytes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private HumanBytes() {
    }

    static String format(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative byte count " + bytes);
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        double value = bytes / Math.pow(1024, unit);
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
