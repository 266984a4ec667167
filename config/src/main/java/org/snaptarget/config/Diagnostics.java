package org.snaptarget.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the errors of one load so that validation never stops at the first. Errors are kept in
 * the order found and sorted by position (stably) when handed out. Every message is one printable
 * line: a control character quoted from the file cannot corrupt a terminal or split a message.
 */
final class Diagnostics {

    private record Entry(Location at, String message) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Records an error; control characters quoted from the file are shown as Java-style unicode escapes. */
    void error(Location at, String message) {
        entries.add(new Entry(at, escapeControls(message)));
    }

    private static String escapeControls(String message) {
        StringBuilder b = new StringBuilder(message.length());
        message.chars().forEach(c -> b.append(Character.isISOControl(c)
                ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return b.toString();
    }

    /** How many errors so far; comparing two counts tells whether a step reported anything. */
    int count() {
        return entries.size();
    }

    boolean hasErrors() {
        return !entries.isEmpty();
    }

    List<ConfigError> sorted(String file) {
        return entries.stream()
                .sorted(Comparator.comparing(Entry::at))
                .map(e -> new ConfigError(file, e.at().line(), e.at().column(), e.message()))
                .toList();
    }
}
