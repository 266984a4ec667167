package org.snaptarget.iscsi.session;

/**
 * The negotiated values the full-feature phase moves data by (RFC 7143 §13): what the login
 * settled, reduced to what the data-transfer code needs.
 *
 * @param initiatorMaxRecvDataSegmentLength the largest data segment we may send (§13.12, declared by the initiator)
 * @param targetMaxRecvDataSegmentLength    the largest data segment we accept
 * @param maxBurstLength                    largest solicited Data-Out or Data-In sequence (§13.13)
 * @param firstBurstLength                  largest amount of unsolicited data, immediate included (§13.14)
 * @param maxOutstandingR2T                 R2Ts in progress per task (§13.17)
 * @param initialR2T                        no unsolicited Data-Out PDUs allowed (§13.10)
 * @param immediateData                     data may ride in the SCSI Command PDU (§13.11)
 */
public record TransferSettings(int initiatorMaxRecvDataSegmentLength, int targetMaxRecvDataSegmentLength,
                               int maxBurstLength, int firstBurstLength, int maxOutstandingR2T,
                               boolean initialR2T, boolean immediateData) {

    public TransferSettings {
        if (initiatorMaxRecvDataSegmentLength < 512 || targetMaxRecvDataSegmentLength < 512 || maxBurstLength < 512
                || firstBurstLength < 512 || maxOutstandingR2T < 1) {
            throw new IllegalArgumentException(String.format(
                    "transfer settings below RFC 7143 §13 minimums: MRDSL(i)=%d MRDSL(t)=%d MaxBurst=%d FirstBurst=%d"
                            + " MaxOutstandingR2T=%d", initiatorMaxRecvDataSegmentLength, targetMaxRecvDataSegmentLength,
                    maxBurstLength, firstBurstLength, maxOutstandingR2T));
        }
    }

    /** RFC 7143 §13 defaults with the values this target offers (TargetLimits' defaults) accepted. */
    public static TransferSettings defaults() {
        return new TransferSettings(8192, 262144, 1048576, 262144, 16, false, true);
    }
}
