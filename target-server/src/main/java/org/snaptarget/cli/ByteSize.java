package org.snaptarget.cli;

import java.util.Locale;

/**
 * A size as operators write it: a whole number with an optional binary unit — {@code B}, {@code KiB},
 * {@code MiB}, {@code GiB}, {@code TiB} (also {@code K}, {@code M}, {@code G}, {@code T}, taken as
 * the same powers of 1024; decimal {@code KB}/{@code MB}/… are refused as ambiguous).
 */
public record ByteSize(long bytes) {

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("size is negative: " + bytes);
        }
    }

    /** Parses e.g. {@code 1GiB}, {@code 512MiB}, {@code 4096}; the message names the offending text. */
    public static ByteSize parse(String text) {
        String s = text.trim();
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        if (end == 0) {
            throw new IllegalArgumentException("size '" + text + "' does not start with a number");
        }
        long number;
        try {
            number = Long.parseLong(s.substring(0, end));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
        String unit = s.substring(end).trim().toLowerCase(Locale.ROOT);
        int shift = switch (unit) {
            case "", "b" -> 0;
            case "k", "kib" -> 10;
            case "m", "mib" -> 20;
            case "g", "gib" -> 30;
            case "t", "tib" -> 40;
            default -> throw new IllegalArgumentException("size '" + text + "': unknown unit '" + s.substring(end).trim()
                    + "' (use B, KiB, MiB, GiB or TiB)");
        };
        if (number > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
        return new ByteSize(number << shift);
    }

    @Override
    public String toString() {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        long v = bytes;
        int u = 0;
        while (u < units.length - 1 && v != 0 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return v + units[u];
    }
}
