package org.snaptarget.iscsi.login;

/**
 * RFC 7143 §13 results after negotiation: what the session layer must enforce and obey.
 *
 * @param initiatorMaxRecvDataSegmentLength the most WE may put in one PDU we send
 * @param targetMaxRecvDataSegmentLength    the most the initiator may put in one PDU to us
 */
public record SessionParameters(boolean headerDigest, boolean dataDigest, int maxConnections,
        boolean initialR2T, boolean immediateData,
        int initiatorMaxRecvDataSegmentLength,
        int targetMaxRecvDataSegmentLength,
        int maxBurstLength, int firstBurstLength, int defaultTime2Wait, int defaultTime2Retain,
        int maxOutstandingR2T, boolean dataPduInOrder, boolean dataSequenceInOrder,
        int errorRecoveryLevel) {

    /** Every key at its RFC 7143 §13 default, as in effect when a key was never negotiated. */
    public static SessionParameters rfcDefaults() {
        return new SessionParameters(false, false, 1, true, true, 8192, 8192, 262_144, 65_536, 2, 20,
                1, true, true, 0);
    }
}
