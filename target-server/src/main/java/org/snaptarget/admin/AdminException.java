package org.snaptarget.admin;

/** A refused admin request: what kind of refusal, and a message naming the culprit. */
public final class AdminException extends RuntimeException {

    /** Closed set of refusals; the endpoint maps them to 404, 409, 400 and 500. */
    public enum Kind { NOT_FOUND, CONFLICT, INVALID, FAILED }

    private final Kind kind;

    public AdminException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public AdminException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
