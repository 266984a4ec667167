package org.snaptarget.config;

import java.math.BigInteger;
import java.util.function.Function;
import org.snaptarget.config.Node.ListNode;
import org.snaptarget.config.Node.MapNode;
import org.snaptarget.config.Node.ScalarNode;
import org.snaptarget.config.Node.ScalarNode.Kind;

/**
 * Typed readings of YAML nodes. Each reports a wrong type or a malformed value at the node, as
 * {@code path: message}, and returns {@code null}; callers then skip the checks that need the value,
 * so one mistake gives one message.
 *
 * <p>Strings accept any plain scalar that is not a boolean or null, because YAML types
 * {@code alias: 2026} as a number while the administrator meant text; a boolean ({@code yes},
 * {@code off}) is refused because its spelling is lost and quoting is the fix. Whole numbers must
 * be YAML integers: {@code lun: "3"} is a string and is refused. Sizes, durations, percentages,
 * names and addresses are parsed from the scalar's text.
 */
final class Values {

    private Values() {
    }

    static MapNode map(Node node, String path, Diagnostics d) {
        if (node instanceof MapNode m) {
            return m;
        }
        wrongType(node, path, "a mapping", d);
        return null;
    }

    static ListNode list(Node node, String path, Diagnostics d) {
        if (node instanceof ListNode l) {
            return l;
        }
        wrongType(node, path, "a list", d);
        return null;
    }

    static String string(Node node, String path, Diagnostics d) {
        if (node instanceof ScalarNode s) {
            switch (s.kind()) {
                case STRING, INTEGER, DECIMAL -> {
                    return s.text();
                }
                case BOOLEAN -> {
                    d.error(s.location(), path + ": expected a string, got the boolean " + s.text()
                            + " (quote it to mean the text)");
                    return null;
                }
                case BROKEN -> {
                    return null;
                }
                case NULL -> {
                    wrongType(node, path, "a string", d);
                    return null;
                }
            }
        }
        wrongType(node, path, "a string", d);
        return null;
    }

    /** A YAML integer within {@code min..max}. */
    static Long integer(Node node, String path, long min, long max, Diagnostics d) {
        if (node instanceof ScalarNode s && s.kind() == Kind.INTEGER) {
            BigInteger v = s.integer();
            if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
                d.error(s.location(), path + ": " + s.text() + " is out of range " + min + ".." + max);
                return null;
            }
            return v.longValueExact();
        }
        wrongType(node, path, "a whole number", d);
        return null;
    }

    static Boolean bool(Node node, String path, Diagnostics d) {
        if (node instanceof ScalarNode s && s.kind() == Kind.BOOLEAN) {
            return s.truth();
        }
        wrongType(node, path, "true or false", d);
        return null;
    }

    /**
     * A value parsed from a scalar's text: a string or a whole number (a size of plain bytes).
     *
     * @param what what was expected, for a wrong-type message ("a size such as 20GiB")
     */
    static <T> T parsed(Node node, String path, String what, Function<String, T> parser, Diagnostics d) {
        if (node instanceof ScalarNode s && (s.kind() == Kind.STRING || s.kind() == Kind.INTEGER)) {
            try {
                return parser.apply(s.text());
            } catch (ValueFormatException e) {
                d.error(s.location(), path + ": " + e.getMessage());
                return null;
            }
        }
        wrongType(node, path, what, d);
        return null;
    }

    private static void wrongType(Node node, String path, String expected, Diagnostics d) {
        if (node instanceof ScalarNode s && s.kind() == Kind.BROKEN) {
            return;
        }
        d.error(node.location(), (path.isEmpty() ? "the top level" : path) + ": expected " + expected + ", got "
                + node.describe());
    }
}
