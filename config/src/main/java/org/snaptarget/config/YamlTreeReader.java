package org.snaptarget.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snaptarget.config.Node.ListNode;
import org.snaptarget.config.Node.MapNode;
import org.snaptarget.config.Node.ScalarNode;
import org.snaptarget.config.Node.ScalarNode.Kind;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document into a {@link Node} tree that remembers where every node starts, by
 * walking Jackson's YAML token stream ({@code YAMLParser}, SnakeYAML underneath) and asking for
 * {@code currentTokenLocation()} at each token.
 *
 * <p>Problems it reports, each at its own position, without stopping: a key repeated in one
 * mapping (the first wins; YAML 1.2 §3.2.1.1 requires keys to be unique, Jackson would silently
 * keep the last), aliases ({@code *name}, which Jackson would read as the anchor's name, not its
 * value), a second document in the file, an empty file. A syntax error ends the reading, because
 * the parser cannot resynchronise after one; it is reported at the position SnakeYAML gives for
 * the problem (not Jackson's, which points after it), with the construct it was parsing.
 *
 * <p>SnakeYAML's exception type is used directly: it is the parser behind
 * jackson-dataformat-yaml and a compile dependency of it.
 */
final class YamlTreeReader {

    /** An unquoted empty value ({@code key:}) reads as null, a quoted one ({@code key: ""}) as the empty string. */
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();

    private final Diagnostics diagnostics;

    YamlTreeReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** The document's root node, or empty when the file is empty or has a syntax error (reported). */
    Optional<Node> read(String text) {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                diagnostics.error(Location.START, "the file holds no configuration: expected a mapping with the keys"
                        + " dataDir, portals, admin, pools, targets");
                return Optional.empty();
            }
            Node root = readValue(parser, first);
            JsonToken extra = parser.nextToken();
            if (extra != null) {
                diagnostics.error(at(parser.currentTokenLocation()), "a second YAML document starts here;"
                        + " a configuration file holds exactly one");
            }
            return Optional.of(root);
        } catch (JacksonException e) {
            reportSyntaxError(e);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading YAML from a string", e);
        }
    }

    private Node readValue(YAMLParser parser, JsonToken token) throws IOException {
        Location at = at(parser.currentTokenLocation());
        return switch (token) {
            case START_OBJECT -> readMap(parser, at);
            case START_ARRAY -> readList(parser, at);
            default -> readScalar(parser, token, at);
        };
    }

    private MapNode readMap(YAMLParser parser, Location at) throws IOException {
        List<MapNode.Entry> entries = new ArrayList<>();
        Map<String, Location> seen = new HashMap<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_OBJECT) {
            assert t == JsonToken.FIELD_NAME : t;
            String key = parser.currentName();
            Location keyAt = at(parser.currentTokenLocation());
            Node value = readValue(parser, parser.nextToken());
            Location first = seen.putIfAbsent(key, keyAt);
            if (first != null) {
                diagnostics.error(keyAt, "duplicate key '" + key + "' (first at " + first.describe() + ")");
            } else {
                entries.add(new MapNode.Entry(key, keyAt, value));
            }
        }
        return new MapNode(at, entries);
    }

    private ListNode readList(YAMLParser parser, Location at) throws IOException {
        List<Node> items = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            items.add(readValue(parser, t));
        }
        return new ListNode(at, items);
    }

    private ScalarNode readScalar(YAMLParser parser, JsonToken token, Location at) throws IOException {
        String text = parser.getText();
        if (parser.isCurrentAlias()) {
            diagnostics.error(at, "YAML aliases (*" + text + ") are not supported: write the value out");
            return new ScalarNode(at, Kind.BROKEN, text, null, false);
        }
        return switch (token) {
            case VALUE_STRING -> new ScalarNode(at, Kind.STRING, text, null, false);
            case VALUE_NUMBER_INT -> new ScalarNode(at, Kind.INTEGER, text, parser.getBigIntegerValue(), false);
            case VALUE_NUMBER_FLOAT -> new ScalarNode(at, Kind.DECIMAL, text, null, false);
            case VALUE_TRUE -> new ScalarNode(at, Kind.BOOLEAN, text, null, true);
            case VALUE_FALSE -> new ScalarNode(at, Kind.BOOLEAN, text, null, false);
            case VALUE_NULL -> new ScalarNode(at, Kind.NULL, text, null, false);
            default -> {
                diagnostics.error(at, "unsupported YAML value: binary (!!binary) and other embedded objects"
                        + " have no meaning here");
                yield new ScalarNode(at, Kind.BROKEN, text, null, false);
            }
        };
    }

    private void reportSyntaxError(JacksonException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                StringBuilder message = new StringBuilder("YAML syntax error: ").append(oneLine(m.getProblem()));
                Mark context = m.getContextMark();
                if (m.getContext() != null && context != null) {
                    message.append(" (").append(oneLine(m.getContext())).append(" at line ")
                            .append(context.getLine() + 1).append(", column ").append(context.getColumn() + 1)
                            .append(')');
                }
                Mark problem = m.getProblemMark();
                diagnostics.error(new Location(problem.getLine() + 1, problem.getColumn() + 1), message.toString());
                return;
            }
        }
        JsonLocation where = e.getLocation();
        Location at = where == null || where.getLineNr() < 1 ? Location.START
                : new Location(where.getLineNr(), Math.max(1, where.getColumnNr()));
        String message = oneLine(e.getOriginalMessage());
        diagnostics.error(at, message.startsWith("Expected a field name")
                ? "YAML error: a mapping key must be a plain value, not a list or a mapping"
                : "YAML error: " + message);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    private static Location at(JsonLocation location) {
        return new Location(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }
}
