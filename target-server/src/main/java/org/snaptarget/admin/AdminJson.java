package org.snaptarget.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration of the admin API, shared by the endpoint and the CLI client so
 * both sides agree on the wire form: views ({@link SnapshotView}, {@link LunView},
 * {@link StatusView}) as JSON objects with their record component names, instants as ISO-8601
 * UTC strings ({@code "2026-11-25T12:00:00Z"}), absent values as {@code null}.
 *
 * <p>Readers ignore fields they do not know, so a newer server can add fields without breaking an
 * older client; requests are not read through this mapper but field by field by
 * {@link RequestBody}, which refuses unknown fields.
 */
public final class AdminJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AdminJson() {
    }

    /** The shared mapper; thread-safe once configured, and never reconfigured. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as compact JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The error body every refusal carries: {@code {"error": message}}. */
    public static String error(String message) {
        return MAPPER.createObjectNode().put("error", message).toString();
    }
}
