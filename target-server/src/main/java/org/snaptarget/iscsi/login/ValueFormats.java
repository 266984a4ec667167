package org.snaptarget.iscsi.login;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The value encodings of RFC 7143 §6.1: numerical values (decimal without leading zeros, or 0x
 * hex, below 2^64 — we accept up to 2^63-1, far above every key's range), boolean Yes/No,
 * comma-separated lists, and binary values in 0x hex or 0b base64.
 */
final class ValueFormats {

    private static final HexFormat HEX = HexFormat.of();

    private ValueFormats() {
    }

    /** A numerical-value, or empty if the text is not one. */
    static OptionalLong parseNumber(String text) {
        if (text.length() > 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            String digits = text.substring(2);
            if (digits.length() > 16 || !digits.chars().allMatch(ValueFormats::isHexDigit)) {
                return OptionalLong.empty();
            }
            long v = Long.parseUnsignedLong(digits, 16);
            return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
        }
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || (text.length() > 1 && text.charAt(0) == '0')) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A boolean-value: exactly "Yes" or "No". */
    static Optional<Boolean> parseBoolean(String text) {
        return switch (text) {
            case "Yes" -> Optional.of(Boolean.TRUE);
            case "No" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }

    static String formatBoolean(boolean b) {
        return b ? "Yes" : "No";
    }

    /** The items of a list-of-values, in the sender's order (RFC 7143 §6.1). */
    static List<String> parseList(String text) {
        List<String> items = new ArrayList<>();
        int start = 0;
        while (true) {
            int comma = text.indexOf(',', start);
            items.add(comma < 0 ? text.substring(start) : text.substring(start, comma));
            if (comma < 0) {
                return items;
            }
            start = comma + 1;
        }
    }

    /**
     * Decodes a binary value: "0x" hex (an odd digit count means an implicit leading zero nibble)
     * or "0b" base64. Empty if the text is neither or decodes to nothing.
     */
    static Optional<byte[]> parseBinary(String text) {
        if (text.length() <= 2 || text.charAt(0) != '0') {
            return Optional.empty();
        }
        char kind = text.charAt(1);
        String body = text.substring(2);
        if (kind == 'x' || kind == 'X') {
            if (!body.chars().allMatch(ValueFormats::isHexDigit)) {
                return Optional.empty();
            }
            return Optional.of(HEX.parseHex(body.length() % 2 == 1 ? "0" + body : body));
        }
        if (kind == 'b' || kind == 'B') {
            try {
                byte[] decoded = Base64.getDecoder().decode(body);
                return decoded.length == 0 ? Optional.empty() : Optional.of(decoded);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** "0x" followed by two lower-case hex digits per byte. */
    static String formatHex(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
