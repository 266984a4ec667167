package org.snaptarget.config;

import java.util.List;
import java.util.Locale;
import org.snaptarget.config.Node.MapNode;
import org.snaptarget.config.Node.ScalarNode;
import org.snaptarget.config.Node.ScalarNode.Kind;

/**
 * The keys of one YAML mapping as a binder consumes them. On construction it reports every key
 * that is not allowed here, with a "did you mean" when one allowed key is a likely misspelling
 * (same letters in another case, or at most two edits away) and the list of allowed keys
 * otherwise; then it hands out required and optional values, reporting a missing key at the
 * mapping and a key without a value at the key.
 *
 * <p>{@code path} names the mapping in messages the way a reader would look it up:
 * {@code targets[0].chap}; empty for the top level.
 */
final class Fields {

    private final MapNode map;
    private final String path;
    private final Diagnostics diagnostics;
    private final List<String> allowed;

    Fields(MapNode map, String path, Diagnostics diagnostics, String... allowed) {
        this.map = map;
        this.path = path;
        this.diagnostics = diagnostics;
        this.allowed = List.of(allowed);
        rejectUnknownKeys();
    }

    /** The path of a key of this mapping, for messages. */
    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Location location() {
        return map.location();
    }

    boolean has(String key) {
        return map.entry(key) != null;
    }

    /** Where the key's value starts, or the mapping's start when the key is absent. */
    Location locationOf(String key) {
        MapNode.Entry e = map.entry(key);
        return e == null ? map.location() : e.value().location();
    }

    /** Where {@code key.nested}'s value starts, falling back to {@code key}'s when the nested key is absent. */
    Location locationOf(String key, String nested) {
        MapNode.Entry e = map.entry(key);
        if (e != null && e.value() instanceof MapNode inner && inner.entry(nested) != null) {
            return inner.entry(nested).value().location();
        }
        return locationOf(key);
    }

    /** The key's value; reports and returns {@code null} when it is absent or has no value. */
    Node required(String key) {
        MapNode.Entry e = map.entry(key);
        if (e == null) {
            diagnostics.error(map.location(), (path.isEmpty() ? "" : path + ": ") + "missing required key '"
                    + key + "'");
            return null;
        }
        return usable(e);
    }

    /** The key's value, or {@code null} when absent; a key present without a value is reported. */
    Node optional(String key) {
        MapNode.Entry e = map.entry(key);
        return e == null ? null : usable(e);
    }

    private Node usable(MapNode.Entry e) {
        if (e.value() instanceof ScalarNode s) {
            if (s.kind() == Kind.NULL) {
                diagnostics.error(e.keyLocation(), path(e.key()) + ": has no value (give one or remove the key)");
                return null;
            }
            if (s.kind() == Kind.BROKEN) {
                return null;
            }
        }
        return e.value();
    }

    private void rejectUnknownKeys() {
        for (MapNode.Entry e : map.entries()) {
            if (allowed.contains(e.key())) {
                continue;
            }
            String where = path.isEmpty() ? "at the top level" : "in " + path;
            String suggestion = closest(e.key());
            diagnostics.error(e.keyLocation(), "unknown key '" + e.key() + "' " + where + (suggestion != null
                    ? "; did you mean '" + suggestion + "'?"
                    : "; allowed keys: " + String.join(", ", allowed)));
        }
    }

    private String closest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int d = candidate.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT)) ? 0
                    : editDistance(candidate, key);
            if (d < bestDistance && d <= Math.min(2, candidate.length() / 2)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
