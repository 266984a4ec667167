package org.snaptarget.config;

import java.math.BigInteger;
import java.util.List;

/**
 * A YAML node with the position it started at, as read by {@link YamlTreeReader}. Jackson's
 * {@code JsonNode} forgets positions, and every message must carry one, hence this small tree.
 */
sealed interface Node {

    Location location();

    /** How the node reads in a message: "a mapping", "a list", "the number 12", ... */
    String describe();

    /** A mapping; keys are unique (the reader reports and drops repeated keys). */
    record MapNode(Location location, List<Entry> entries) implements Node {

        record Entry(String key, Location keyLocation, Node value) {
        }

        public MapNode {
            entries = List.copyOf(entries);
        }

        Entry entry(String key) {
            for (Entry e : entries) {
                if (e.key().equals(key)) {
                    return e;
                }
            }
            return null;
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record ListNode(Location location, List<Node> items) implements Node {

        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar as YAML typed it. {@code text} is the source spelling; {@code integer} is set for
     * {@link Kind#INTEGER} and {@code truth} for {@link Kind#BOOLEAN}. {@link Kind#BROKEN} marks a
     * node whose error was already reported (an alias, say): readers skip it silently so that one
     * mistake yields one message.
     */
    record ScalarNode(Location location, Kind kind, String text, BigInteger integer, boolean truth) implements Node {

        enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL, BROKEN }

        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> "the string '" + text + "'";
                case INTEGER, DECIMAL -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case NULL -> "no value";
                case BROKEN -> "an unusable value";
            };
        }
    }
}
