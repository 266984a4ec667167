package org.snaptarget.config;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An iSCSI name (RFC 3720 §3.2.6, RFC 3721) in one of its three forms:
 * <ul>
 *   <li>{@code iqn.yyyy-mm.reversed.domain[:anything]} — a four-digit year and a month 01..12, a
 *       reversed domain name of labels {@code [a-z0-9-]} not starting or ending with '-', then
 *       optionally ':' and a naming-authority-chosen string;</li>
 *   <li>{@code eui.} followed by 16 hexadecimal digits (an IEEE EUI-64);</li>
 *   <li>{@code naa.} followed by 16 or 32 hexadecimal digits (added by RFC 3980).</li>
 * </ul>
 * At most 223 bytes of UTF-8 (RFC 3720 §3.2.6.1). Names are compared after the stringprep profile
 * of RFC 3722, which maps upper case to lower case and leaves only letters, digits, '-', '.' and
 * ':'; since initiators compare the names they are given byte for byte, an {@code iqn.} name with
 * an upper-case letter is refused (with the lower-case spelling in the message) rather than
 * silently rewritten, and any other punctuation or white space is refused. The hexadecimal digits
 * of {@code eui.} and {@code naa.} names are accepted in either case, as RFC 3720 writes them in
 * upper case; {@link #canonical()} lower-cases them for comparison.
 *
 * <p>Invariant: {@code value} is a well-formed name exactly as written in the configuration.
 */
public record Iqn(String value) {

    /** RFC 3720 §3.2.6.1: iSCSI names are at most 223 bytes long. */
    public static final int MAX_BYTES = 223;

    private static final Pattern IQN = Pattern.compile("iqn\\.([0-9]{4})-([0-9]{2})\\.([^:]*)(?::(.*))?",
            Pattern.DOTALL);
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]*");

    /** @throws ValueFormatException when {@code value} is not a well-formed iSCSI name */
    public Iqn {
        check(value);
    }

    /**
     * Checks and wraps an iSCSI name.
     *
     * @throws ValueFormatException naming the rule broken and the section of RFC 3720 that sets it
     */
    public static Iqn parse(String text) {
        return new Iqn(text);
    }

    /** The name as compared by initiators and targets: lower case (RFC 3722). */
    public String canonical() {
        return value.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }

    private static void check(String text) {
        if (text.isEmpty()) {
            throw new ValueFormatException("is empty: write an iSCSI name such as iqn.2026-11.org.example:disk1");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new ValueFormatException("'" + text + "' is longer than " + MAX_BYTES
                    + " bytes (RFC 3720 §3.2.6.1)");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("iqn.")) {
            checkIqn(text);
        } else if (lower.startsWith("eui.")) {
            checkHex(text, "eui.", 16, "16", "RFC 3720 §3.2.6.3.2");
        } else if (lower.startsWith("naa.")) {
            checkHex(text, "naa.", -1, "16 or 32", "RFC 3980");
        } else {
            throw new ValueFormatException("'" + text + "' is not an iSCSI name: it must start with iqn., eui. or"
                    + " naa. (RFC 3720 §3.2.6.3)");
        }
    }

    private static void checkIqn(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.isUpperCase(cp)) {
                throw new ValueFormatException("'" + text + "' has upper-case letters; iSCSI names are lower case"
                        + " (RFC 3722): write '" + text.toLowerCase(Locale.ROOT) + "'");
            }
            boolean allowed = cp == '-' || cp == '.' || cp == ':' || (cp < 0x80
                    ? (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')
                    : Character.isLetterOrDigit(cp));
            if (!allowed) {
                throw new ValueFormatException("'" + text + "' contains " + describe(cp) + "; iSCSI names allow only"
                        + " letters, digits, '-', '.' and ':' (RFC 3722)");
            }
            i += Character.charCount(cp);
        }
        Matcher m = IQN.matcher(text);
        if (!m.matches()) {
            throw new ValueFormatException("'" + text + "' is not an iqn. name: expected iqn.yyyy-mm.reversed.domain"
                    + "[:unique], e.g. iqn.2026-11.org.example:disk1 (RFC 3720 §3.2.6.3.1)");
        }
        int month = Integer.parseInt(m.group(2));
        if (month < 1 || month > 12) {
            throw new ValueFormatException("'" + text + "' has the month " + m.group(2) + "; the date is yyyy-mm"
                    + " with a month from 01 to 12 (RFC 3720 §3.2.6.3.1)");
        }
        String domain = m.group(3);
        for (String label : domain.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new ValueFormatException("'" + text + "' has the naming authority '" + domain + "', which is"
                        + " not a reversed domain name such as com.example (RFC 3720 §3.2.6.3.1)");
            }
        }
        if (m.group(4) != null && m.group(4).isEmpty()) {
            throw new ValueFormatException("'" + text + "' ends with ':'; write something after it or drop it");
        }
    }

    private static void checkHex(String text, String prefix, int digits, String expected, String rfc) {
        if (!text.startsWith(prefix)) {
            throw new ValueFormatException("'" + text + "' must start with '" + prefix + "' in lower case"
                    + " (RFC 3722)");
        }
        String hex = text.substring(prefix.length());
        boolean lengthOk = digits > 0 ? hex.length() == digits : hex.length() == 16 || hex.length() == 32;
        if (!HEX.matcher(hex).matches() || !lengthOk) {
            throw new ValueFormatException("'" + text + "' must be '" + prefix + "' followed by " + expected
                    + " hexadecimal digits (" + rfc + ")");
        }
    }

    private static String describe(int cp) {
        return switch (cp) {
            case ' ' -> "a space";
            case '\t' -> "a tab";
            default -> Character.isISOControl(cp) ? String.format("the control character U+%04X", cp)
                    : "'" + Character.toString(cp) + "'";
        };
    }
}
