package org.snaptarget.e2e.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small text helpers for log tails in failure messages. */
public final class Text {

    private Text() {
    }

    /** The last {@code lines} lines of {@code text}. */
    public static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** The last {@code lines} lines of a file, or a note saying why it could not be read. */
    public static String tail(Path file, int lines) {
        try {
            return tail(Files.readString(file, StandardCharsets.ISO_8859_1), lines);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
