package org.snaptarget.iscsi.login;

/**
 * What this target offers and declares during operational negotiation (RFC 7143 §13): our own
 * limits, the other side of every result function.
 *
 * <p>Fixed choices not configurable here: MaxConnections 1, ErrorRecoveryLevel 0, InitialR2T No,
 * ImmediateData Yes, DataPDUInOrder and DataSequenceInOrder Yes.
 *
 * @param maxRecvDataSegmentLength what we declare we can receive in one PDU, 512..2^24-1
 * @param maxBurstLength           our side of MaxBurstLength (minimum), 512..2^24-1
 * @param firstBurstLength         our side of FirstBurstLength (minimum), 512..maxBurstLength
 * @param maxOutstandingR2T        our side of MaxOutstandingR2T (minimum), 1..65535
 * @param allowDigests             whether CRC32C header and data digests may be chosen
 * @param defaultTime2Wait         our side of DefaultTime2Wait (maximum), 0..3600
 * @param defaultTime2Retain       our side of DefaultTime2Retain (minimum), 0..3600
 */
public record TargetLimits(int maxRecvDataSegmentLength, int maxBurstLength, int firstBurstLength,
                           int maxOutstandingR2T, boolean allowDigests, int defaultTime2Wait,
                           int defaultTime2Retain) {

    static final int MIN_SEGMENT = 512;
    static final int MAX_SEGMENT = (1 << 24) - 1;

    public TargetLimits {
        requireRange("MaxRecvDataSegmentLength", maxRecvDataSegmentLength, MIN_SEGMENT, MAX_SEGMENT);
        requireRange("MaxBurstLength", maxBurstLength, MIN_SEGMENT, MAX_SEGMENT);
        requireRange("FirstBurstLength", firstBurstLength, MIN_SEGMENT, maxBurstLength);
        requireRange("MaxOutstandingR2T", maxOutstandingR2T, 1, 0xFFFF);
        requireRange("DefaultTime2Wait", defaultTime2Wait, 0, 3600);
        requireRange("DefaultTime2Retain", defaultTime2Retain, 0, 3600);
    }

    /**
     * MaxRecvDataSegmentLength 256 KiB, MaxBurstLength 1 MiB, FirstBurstLength 256 KiB,
     * MaxOutstandingR2T 16, digests allowed, DefaultTime2Wait 2, DefaultTime2Retain 20.
     */
    public static TargetLimits defaults() {
        return new TargetLimits(256 * 1024, 1024 * 1024, 256 * 1024, 16, true, 2, 20);
    }

    private static void requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " limit " + value + " is outside " + min + ".." + max);
        }
    }
}
