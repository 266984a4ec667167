package org.snaptarget.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole percentage written with its sign, {@code 80%}. The sign is required: a bare {@code 80}
 * could as well mean 0.80 or 80 bytes, so it is refused with a message showing the fix.
 *
 * <p>Invariant: {@code 0 <= value <= 100}.
 */
public record Percent(int value) {

    private static final Pattern FORM = Pattern.compile("([0-9]+)\\s*%");

    public Percent {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException("percentage out of 0..100: " + value);
        }
    }

    /**
     * Parses {@code N%} with N a whole number in 0..100.
     *
     * @throws ValueFormatException naming what is wrong
     */
    public static Percent parse(String text) {
        String t = text.strip();
        if (t.matches("[0-9]+")) {
            throw new ValueFormatException("'" + text + "' needs a percent sign, e.g. " + t + "%");
        }
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new ValueFormatException("'" + text + "' is not a percentage: write a whole number followed by %,"
                    + " e.g. 80%");
        }
        String digits = m.group(1);
        if (digits.length() > 3 || Integer.parseInt(digits) > 100) {
            throw new ValueFormatException("'" + text + "' is more than 100%");
        }
        return new Percent(Integer.parseInt(digits));
    }

    /** This percentage of {@code total >= 0}, rounded down, without overflow. */
    public long of(long total) {
        return total / 100 * value + total % 100 * value / 100;
    }

    @Override
    public String toString() {
        return value + "%";
    }
}
