package org.snaptarget.iscsi.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds golden byte fixtures from commented hex text: {@code //} starts a comment, whitespace is ignored. */
final class Fixture {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Fixture hex(String commentedHex) {
        return new Fixture().thenHex(commentedHex);
    }

    Fixture thenHex(String commentedHex) {
        for (String line : commentedHex.split("\n")) {
            int comment = line.indexOf("//");
            String bytes = (comment >= 0 ? line.substring(0, comment) : line).replaceAll("\\s+", "");
            if (bytes.length() % 2 != 0) {
                throw new IllegalArgumentException("odd hex digits in: " + line);
            }
            for (int i = 0; i < bytes.length(); i += 2) {
                out.write(Integer.parseInt(bytes.substring(i, i + 2), 16));
            }
        }
        return this;
    }

    Fixture thenAscii(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    Fixture thenZeros(int count) {
        out.writeBytes(new byte[count]);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
