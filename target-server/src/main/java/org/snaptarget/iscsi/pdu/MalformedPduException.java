package org.snaptarget.iscsi.pdu;

/**
 * A PDU whose header fields contradict each other or the RFC (RFC 7143 §11.17.1 reason 09h,
 * "Invalid PDU field"). The decoder turns it into a {@code FramingError}; nothing is lost silently.
 */
public final class MalformedPduException extends RuntimeException {
    public MalformedPduException(String message) {
        super(message, null, false, false);
    }
}
