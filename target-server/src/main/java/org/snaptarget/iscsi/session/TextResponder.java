package org.snaptarget.iscsi.session;

import java.util.OptionalInt;

/**
 * Answers complete Text Requests in full-feature phase (RFC 7143 §11.10, §13; SendTargets,
 * Appendix C). The login layer's text negotiator implements it for real sessions.
 */
@FunctionalInterface
public interface TextResponder {

    /** The response text for one complete request text. */
    byte[] respond(byte[] requestText);

    /**
     * A MaxRecvDataSegmentLength the initiator declared in a Text Request (RFC 7143 §13.12 allows
     * it in full-feature phase); it applies to the PDUs this target sends after the response.
     */
    default OptionalInt declaredMaxRecvDataSegmentLength() {
        return OptionalInt.empty();
    }
}
