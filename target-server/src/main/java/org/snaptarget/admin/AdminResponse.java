package org.snaptarget.admin;

/**
 * What the endpoint answers to one request: an HTTP status, a content type and a UTF-8 body.
 *
 * @param allow the {@code Allow} header of a 405 answer, else {@code null}
 */
public record AdminResponse(int status, String contentType, String body, String allow) {

    /** JSON, the type of every answer but {@code /metrics}. */
    public static final String JSON = "application/json; charset=utf-8";
    /** The Prometheus text exposition format, version 0.0.4. */
    public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    static AdminResponse json(int status, Object value) {
        return new AdminResponse(status, JSON, AdminJson.write(value), null);
    }

    static AdminResponse noContent() {
        return new AdminResponse(204, JSON, "", null);
    }

    static AdminResponse error(int status, String message) {
        return new AdminResponse(status, JSON, AdminJson.error(message), null);
    }
}
