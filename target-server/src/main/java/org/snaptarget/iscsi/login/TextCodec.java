package org.snaptarget.iscsi.login;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses and encodes the text data segment of Login and Text PDUs (RFC 7143 §6.1): a sequence of
 * {@code key=value} pairs, each followed by one NUL byte, in UTF-8.
 *
 * <p>Rules enforced on input: every pair, including the last, ends in NUL; a pair contains '='
 * after a key name of 1..63 characters made of letters, digits and {@code . - + @ _} that starts
 * with a letter (an {@code X#} public-extension key may carry its '#'); the value is valid UTF-8
 * and at most 255 bytes, except CHAP_C and CHAP_R, large-binary-values of up to 1024 decoded bytes
 * (RFC 7143 §12.1.3), whose encoded form may reach {@value #LARGE_BINARY_ENCODED_MAX} bytes.
 * Consecutive NULs (an empty pair) are skipped, as the Linux initiator does. Keys may appear at
 * most once unless {@link #parse(byte[], boolean)} is told otherwise.
 */
final class TextCodec {

    static final int MAX_KEY_LENGTH = 63;
    static final int MAX_VALUE_BYTES = 255;
    /** "0x" and 2 hex digits for each of 1024 bytes. */
    static final int LARGE_BINARY_ENCODED_MAX = 2 + 2 * 1024;

    private TextCodec() {
    }

    /** Parses text in which no key may repeat (every login and text request, RFC 7143 §6.2). */
    static List<KeyValue> parse(byte[] data) throws MalformedTextException {
        return parse(data, false);
    }

    /**
     * Parses the pairs of {@code data}, in order.
     *
     * @param allowRepeatedKeys true only for text whose keys may legally repeat (SendTargets
     *                          answers: one TargetName and TargetAddress per target)
     */
    static List<KeyValue> parse(byte[] data, boolean allowRepeatedKeys) throws MalformedTextException {
        List<KeyValue> pairs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int pos = 0;
        while (pos < data.length) {
            int nul = indexOf(data, (byte) 0, pos);
            if (nul < 0) {
                throw new MalformedTextException("text pair at offset " + pos + " is not NUL-terminated");
            }
            if (nul == pos) {
                pos++;
                continue;
            }
            int eq = indexOf(data, (byte) '=', pos, nul);
            if (eq < 0) {
                throw new MalformedTextException("text pair at offset " + pos + " has no '='");
            }
            String key = new String(data, pos, eq - pos, StandardCharsets.ISO_8859_1);
            checkKeyName(key, pos);
            int valueLength = nul - eq - 1;
            int maxValue = isLargeBinaryKey(key) ? LARGE_BINARY_ENCODED_MAX : MAX_VALUE_BYTES;
            if (valueLength > maxValue) {
                throw new MalformedTextException("value of " + key + " is " + valueLength
                        + " bytes, more than the " + maxValue + " allowed");
            }
            String value = decodeUtf8(data, eq + 1, valueLength, key);
            if (!allowRepeatedKeys && !seen.add(key)) {
                throw new MalformedTextException("key " + key + " appears more than once");
            }
            pairs.add(new KeyValue(key, value));
            pos = nul + 1;
        }
        return pairs;
    }

    /** Encodes the pairs as UTF-8 {@code key=value\0} sequences. */
    static byte[] encode(List<KeyValue> pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (KeyValue kv : pairs) {
            out.writeBytes(kv.key().getBytes(StandardCharsets.UTF_8));
            out.write('=');
            out.writeBytes(kv.value().getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    /**
     * A one-line rendering of text data for logs: pairs separated by spaces, CHAP_C and CHAP_R
     * values replaced by their length, undecodable text shown by its size only.
     */
    static String describe(byte[] data) {
        if (data.length == 0) {
            return "";
        }
        try {
            StringBuilder b = new StringBuilder();
            for (KeyValue kv : parse(data, true)) {
                if (!b.isEmpty()) {
                    b.append(' ');
                }
                b.append(kv.key()).append('=');
                b.append(isLargeBinaryKey(kv.key()) ? "(" + kv.value().length() + " chars)" : kv.value());
            }
            return b.toString();
        } catch (MalformedTextException e) {
            return "(" + data.length + " bytes of text that is not key=value data, or a partial piece)";
        }
    }

    static boolean isLargeBinaryKey(String key) {
        return key.equals("CHAP_C") || key.equals("CHAP_R");
    }

    private static void checkKeyName(String key, int offset) throws MalformedTextException {
        if (key.isEmpty()) {
            throw new MalformedTextException("empty key name at offset " + offset);
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new MalformedTextException("key name at offset " + offset + " is " + key.length()
                    + " characters, more than " + MAX_KEY_LENGTH);
        }
        if (!isAsciiLetter(key.charAt(0))) {
            throw new MalformedTextException("key name " + printable(key) + " does not start with a letter");
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean publicExtensionHash = c == '#' && i == 1 && key.charAt(0) == 'X';
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+'
                    || c == '@' || c == '_' || publicExtensionHash)) {
                throw new MalformedTextException("key name " + printable(key) + " contains character 0x"
                        + Integer.toHexString(c));
            }
        }
    }

    private static String decodeUtf8(byte[] data, int off, int len, String key) throws MalformedTextException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(data, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedTextException("value of " + key + " is not valid UTF-8");
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }

    private static int indexOf(byte[] data, byte b, int from) {
        return indexOf(data, b, from, data.length);
    }

    private static int indexOf(byte[] data, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
