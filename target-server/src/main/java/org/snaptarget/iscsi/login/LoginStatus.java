package org.snaptarget.iscsi.login;

/**
 * Login Response status class and detail (RFC 7143 §11.13.5). The session layer uses the same
 * table for the statuses it decides itself (e.g. {@link #SESSION_DOES_NOT_EXIST}).
 */
public enum LoginStatus {
    SUCCESS(0, 0x00),
    TARGET_MOVED_TEMPORARILY(1, 0x01),
    TARGET_MOVED_PERMANENTLY(1, 0x02),
    /** Miscellaneous initiator error: malformed text, illegal stage transition, renegotiation. */
    INITIATOR_ERROR(2, 0x00),
    AUTHENTICATION_FAILURE(2, 0x01),
    AUTHORIZATION_FAILURE(2, 0x02),
    NOT_FOUND(2, 0x03),
    TARGET_REMOVED(2, 0x04),
    UNSUPPORTED_VERSION(2, 0x05),
    TOO_MANY_CONNECTIONS(2, 0x06),
    MISSING_PARAMETER(2, 0x07),
    CANNOT_INCLUDE_IN_SESSION(2, 0x08),
    SESSION_TYPE_NOT_SUPPORTED(2, 0x09),
    SESSION_DOES_NOT_EXIST(2, 0x0A),
    INVALID_DURING_LOGIN(2, 0x0B),
    TARGET_ERROR(3, 0x00),
    SERVICE_UNAVAILABLE(3, 0x01),
    OUT_OF_RESOURCES(3, 0x02);

    private final int statusClass;
    private final int detail;

    LoginStatus(int statusClass, int detail) {
        this.statusClass = statusClass;
        this.detail = detail;
    }

    public int statusClass() {
        return statusClass;
    }

    public int detail() {
        return detail;
    }

    /** The status with this class and detail; an unknown pair is reported as an exception. */
    public static LoginStatus of(int statusClass, int detail) {
        for (LoginStatus s : values()) {
            if (s.statusClass == statusClass && s.detail == detail) {
                return s;
            }
        }
        throw new IllegalArgumentException(String.format("unknown login status %02x/%02x", statusClass, detail));
    }
}
