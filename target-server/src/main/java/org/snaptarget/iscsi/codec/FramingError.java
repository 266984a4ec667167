package org.snaptarget.iscsi.codec;

/**
 * A PDU the decoder could not hand over intact, passed up the pipeline in its place so the session
 * answers as RFC 7143 requires. {@code header} is a copy of the offending BHS (48 bytes, for a
 * Reject's data segment) or shorter when not even the BHS could be trusted.
 *
 * @param kind   what went wrong
 * @param header the bad PDU's BHS bytes
 * @param detail a human-readable explanation for the log
 */
public record FramingError(Kind kind, byte[] header, String detail) {

    /** The failure classes and the answer each calls for. */
    public enum Kind {
        /** Header digest mismatch (RFC 7143 §7.8): the header cannot be trusted; at ERL 0 close the connection. */
        HEADER_DIGEST(true),
        /** Data digest mismatch (§7.8): Reject reason 02h and discard the PDU; a Data-Out's task then fails. */
        DATA_DIGEST(false),
        /** DataSegmentLength over our MaxRecvDataSegmentLength (§13.12): Reject 04h, then close. */
        OVERSIZED_DATA(true),
        /** A field is invalid (bad AHS): Reject reason 09h. */
        INVALID_FIELD(false),
        /** An opcode RFC 7143 does not define: Reject reason 05h. */
        UNKNOWN_OPCODE(false);

        private final boolean fatal;

        Kind(boolean fatal) {
            this.fatal = fatal;
        }

        /** True when the connection cannot continue after this error (the decoder discards all later input). */
        public boolean fatal() {
            return fatal;
        }
    }
}
