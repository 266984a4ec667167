package org.snaptarget.admin;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A request's JSON object, read strictly: it must be one object; every field must be one the
 * route knows; each field must have its type (a string is not a number, {@code 1.0} is not an
 * integer, {@code "true"} is not a boolean); a repeated field is refused. Every refusal is an
 * {@link AdminException.Kind#INVALID} (HTTP 400) whose message names the field.
 */
final class RequestBody {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final ObjectNode object;

    private RequestBody(ObjectNode object) {
        this.object = object;
    }

    /**
     * Parses {@code body} as one JSON object whose field names are all in {@code fields}.
     *
     * @throws AdminException INVALID naming the problem (malformed JSON with its line and column, not an
     *                        object, unknown or repeated field)
     */
    static RequestBody parse(byte[] body, List<String> fields) {
        if (body.length == 0) {
            throw invalid("the request needs a JSON object body with the fields " + String.join(", ", fields));
        }
        JsonNode node;
        try {
            node = STRICT.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw invalid("malformed JSON" + where + ": " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode obj)) {
            throw invalid("the request body must be a JSON object with the fields " + String.join(", ", fields)
                    + ", not " + describe(node));
        }
        for (Iterator<String> names = obj.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw invalid("unknown field '" + name + "' (this request takes " + String.join(", ", fields) + ")");
            }
        }
        return new RequestBody(obj);
    }

    /** A required non-empty string. */
    String requiredText(String field) {
        String value = optionalText(field);
        if (value == null) {
            throw invalid("field '" + field + "' is required");
        }
        return value;
    }

    /** A string, or {@code null} when absent or JSON {@code null}. */
    String optionalText(String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid("field '" + field + "' must be a string, not " + describe(v));
        }
        if (v.asText().isEmpty()) {
            throw invalid("field '" + field + "' must not be empty");
        }
        return v.asText();
    }

    /** A boolean, {@code fallback} when absent or JSON {@code null}. */
    boolean optionalBoolean(String field, boolean fallback) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw invalid("field '" + field + "' must be true or false, not " + describe(v));
        }
        return v.booleanValue();
    }

    /** A required integer in {@code [min, max]}. */
    int requiredInt(String field, int min, int max) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            throw invalid("field '" + field + "' is required");
        }
        if (!v.isIntegralNumber()) {
            throw invalid("field '" + field + "' must be an integer, not " + describe(v));
        }
        if (!v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw invalid("field '" + field + "' is " + v.asText() + ", outside " + min + ".." + max);
        }
        return v.intValue();
    }

    private static String describe(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "the string " + v;
            case NUMBER -> "the number " + v;
            case BOOLEAN -> "the boolean " + v;
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> v.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }

    private static AdminException invalid(String message) {
        return new AdminException(AdminException.Kind.INVALID, message);
    }
}
