package org.snaptarget.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's side of the admin API's JSON, on jackson-core's streaming parser and generator
 * rather than the data-binding {@code ObjectMapper} the server uses ({@code AdminJson}): setting
 * up data binding cost every client command about 0.09 s of its 0.3 s.
 *
 * <p>Answers are read into the view records ({@code SnapshotView}, {@code LunView},
 * {@code StatusView}) by their record components, with the wire form {@code AdminJson} writes:
 * one JSON object per record, keyed by component name; strings, numbers and booleans as such;
 * instants as ISO-8601 strings; lists as arrays. As with the server's mapper, fields the record
 * does not have are skipped (a newer server may add some), and a field that is absent or
 * {@code null} leaves its component {@code null}, {@code 0} or {@code false}. A value of the
 * wrong kind is an {@link IOException} naming the field.
 *
 * <p>Request bodies are flat objects of strings, numbers and booleans, written in the order given.
 */
final class AnswerJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private AnswerJson() {
    }

    /** The JSON object {@code answer} read as a {@code type}. */
    static <T extends Record> T read(String answer, Class<T> type) throws IOException {
        try (JsonParser p = FACTORY.createParser(answer)) {
            T value = type.cast(value(p, p.nextToken(), type, type.getSimpleName()));
            requireEnd(p);
            return value;
        }
    }

    /** The JSON array {@code answer} read as a list of {@code element}. */
    static <T extends Record> List<T> readList(String answer, Class<T> element) throws IOException {
        try (JsonParser p = FACTORY.createParser(answer)) {
            List<?> list = list(p, p.nextToken(), element, "the answer");
            requireEnd(p);
            List<T> typed = new ArrayList<>(list.size());
            for (Object o : list) {
                typed.add(element.cast(o));
            }
            return typed;
        }
    }

    /** The {@code error} member of an error answer {@code {"error": message}}, or null if it has none. */
    static String error(String answer) {
        try (JsonParser p = FACTORY.createParser(answer)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("error") && v == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A request body: {@code fields} alternate names and values (String, Integer, Long or Boolean);
     * a null value leaves its field out.
     */
    static String object(Object... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in name/value pairs");
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            for (int i = 0; i < fields.length; i += 2) {
                String name = (String) fields[i];
                switch (fields[i + 1]) {
                    case null -> { }
                    case String s -> g.writeStringField(name, s);
                    case Integer n -> g.writeNumberField(name, n);
                    case Long n -> g.writeNumberField(name, n);
                    case Boolean b -> g.writeBooleanField(name, b);
                    default -> throw new IllegalArgumentException("cannot write " + fields[i + 1].getClass());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return out.toString();
    }

    private static void requireEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw new IOException("unexpected " + p.currentToken() + " after the answer");
        }
    }

    private static Object value(JsonParser p, JsonToken t, Type type, String field) throws IOException {
        if (t == null) {
            throw new IOException("the answer ended before " + field);
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            return list(p, t, list.getActualTypeArguments()[0], field);
        }
        if (type == String.class) {
            return expect(p, t, JsonToken.VALUE_STRING, field).getText();
        }
        if (type == int.class || type == Integer.class) {
            return expect(p, t, JsonToken.VALUE_NUMBER_INT, field).getIntValue();
        }
        if (type == long.class || type == Long.class) {
            return expect(p, t, JsonToken.VALUE_NUMBER_INT, field).getLongValue();
        }
        if (type == boolean.class || type == Boolean.class) {
            if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                throw mismatch(field, "true or false", t);
            }
            return t == JsonToken.VALUE_TRUE;
        }
        if (type == Instant.class) {
            String text = expect(p, t, JsonToken.VALUE_STRING, field).getText();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new IOException(field + ": not an ISO-8601 instant: '" + text + "'", e);
            }
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            return record(p, t, c, field);
        }
        throw new IllegalArgumentException(field + ": no JSON reading for " + type.getTypeName());
    }

    private static List<Object> list(JsonParser p, JsonToken t, Type element, String field) throws IOException {
        expect(p, t, JsonToken.START_ARRAY, field);
        List<Object> items = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            items.add(value(p, e, element, field + "[" + items.size() + "]"));
        }
        return Collections.unmodifiableList(items);
    }

    private static Object record(JsonParser p, JsonToken t, Class<?> type, String field) throws IOException {
        expect(p, t, JsonToken.START_OBJECT, field);
        RecordComponent[] components = type.getRecordComponents();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < components.length; i++) {
            index.put(components[i].getName(), i);
        }
        Object[] args = new Object[components.length];
        for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
            if (f != JsonToken.FIELD_NAME) {
                throw mismatch(field, "a field name", f);
            }
            Integer at = index.get(p.currentName());
            JsonToken v = p.nextToken();
            if (at == null) {
                p.skipChildren();
            } else {
                args[at] = value(p, v, components[at].getGenericType(), field + "." + components[at].getName());
            }
        }
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            if (args[i] == null && types[i].isPrimitive()) {
                args[i] = types[i] == boolean.class ? Boolean.FALSE : types[i] == int.class ? (Object) 0 : (Object) 0L;
            }
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private static JsonParser expect(JsonParser p, JsonToken actual, JsonToken expected, String field) throws IOException {
        if (actual != expected) {
            throw mismatch(field, switch (expected) {
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT -> "a whole number";
                case START_ARRAY -> "an array";
                case START_OBJECT -> "an object";
                default -> expected.toString();
            }, actual);
        }
        return p;
    }

    private static IOException mismatch(String field, String expected, JsonToken actual) {
        return new IOException(field + ": expected " + expected + ", found " + actual);
    }
}
