package org.snaptarget.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time span written as a whole number and one unit: {@code 30s}, {@code 15m}, {@code 1h},
 * {@code 1d} (seconds, minutes, hours, days). A unit is required and combinations such as
 * {@code 1h30m} are refused; write {@code 90m}. Kept separate from {@link java.time.Duration}
 * so that it prints back in the unit the configuration uses; {@link #toJava()} converts.
 *
 * <p>Invariant: {@code seconds >= 0}.
 */
public record Duration(long seconds) implements Comparable<Duration> {

    private static final Pattern FORM = Pattern.compile("([0-9]+)\\s*([A-Za-z]*)");
    private static final long MAX_SECONDS = 100L * 365 * 86_400;

    public Duration {
        if (seconds < 0) {
            throw new IllegalArgumentException("negative duration: " + seconds);
        }
    }

    public static Duration ofSeconds(long seconds) {
        return new Duration(seconds);
    }

    public static Duration ofMinutes(long minutes) {
        return new Duration(Math.multiplyExact(minutes, 60));
    }

    /**
     * Parses {@code N} followed by {@code s}, {@code m}, {@code h} or {@code d}, at most 100 years.
     *
     * @throws ValueFormatException naming what is wrong and what to write instead
     */
    public static Duration parse(String text) {
        String t = text.strip();
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new ValueFormatException("'" + text + "' is not a duration: write a whole number followed by"
                    + " s, m, h or d, e.g. 15m");
        }
        String unit = m.group(2);
        long factor = switch (unit) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3_600;
            case "d" -> 86_400;
            case "" -> throw new ValueFormatException("'" + text + "' needs a unit: s, m, h or d, e.g. "
                    + t + "m");
            default -> throw new ValueFormatException("'" + text + "' has the unknown unit '" + unit
                    + "': use s, m, h or d");
        };
        String digits = m.group(1);
        if (digits.length() > 12 || Long.parseLong(digits) * factor > MAX_SECONDS) {
            throw new ValueFormatException("'" + text + "' is longer than 100 years");
        }
        return new Duration(Long.parseLong(digits) * factor);
    }

    public java.time.Duration toJava() {
        return java.time.Duration.ofSeconds(seconds);
    }

    /** The largest exact unit: 900 seconds is {@code 15m}, 0 is {@code 0s}. */
    @Override
    public String toString() {
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    @Override
    public int compareTo(Duration other) {
        return Long.compare(seconds, other.seconds);
    }
}
