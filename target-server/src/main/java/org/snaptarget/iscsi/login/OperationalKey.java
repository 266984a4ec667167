package org.snaptarget.iscsi.login;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The operational text keys of RFC 7143 §13 (plus iSCSIProtocolLevel, RFC 7144), each with
 * where it may be used, its result function, whether a discovery session cares about it, and its
 * numeric range. {@link OperationalNegotiation} answers them from this table.
 */
enum OperationalKey {
    HEADER_DIGEST("HeaderDigest", Use.INITIAL, ResultFunction.FIRST_ACCEPTABLE, true, 0, 0),
    DATA_DIGEST("DataDigest", Use.INITIAL, ResultFunction.FIRST_ACCEPTABLE, true, 0, 0),
    MAX_CONNECTIONS("MaxConnections", Use.LEADING, ResultFunction.MINIMUM, false, 1, 65_535),
    INITIAL_R2T("InitialR2T", Use.LEADING, ResultFunction.OR, false, 0, 0),
    IMMEDIATE_DATA("ImmediateData", Use.LEADING, ResultFunction.AND, false, 0, 0),
    MAX_RECV_DATA_SEGMENT_LENGTH("MaxRecvDataSegmentLength", Use.ALL, ResultFunction.DECLARATIVE, true,
            TargetLimits.MIN_SEGMENT, TargetLimits.MAX_SEGMENT),
    MAX_BURST_LENGTH("MaxBurstLength", Use.LEADING, ResultFunction.MINIMUM, false,
            TargetLimits.MIN_SEGMENT, TargetLimits.MAX_SEGMENT),
    /** Also irrelevant when InitialR2T=Yes and ImmediateData=No; never above MaxBurstLength. */
    FIRST_BURST_LENGTH("FirstBurstLength", Use.LEADING, ResultFunction.MINIMUM, false,
            TargetLimits.MIN_SEGMENT, TargetLimits.MAX_SEGMENT),
    DEFAULT_TIME2WAIT("DefaultTime2Wait", Use.LEADING, ResultFunction.MAXIMUM, true, 0, 3600),
    DEFAULT_TIME2RETAIN("DefaultTime2Retain", Use.LEADING, ResultFunction.MINIMUM, true, 0, 3600),
    MAX_OUTSTANDING_R2T("MaxOutstandingR2T", Use.LEADING, ResultFunction.MINIMUM, false, 1, 65_535),
    DATA_PDU_IN_ORDER("DataPDUInOrder", Use.LEADING, ResultFunction.OR, false, 0, 0),
    DATA_SEQUENCE_IN_ORDER("DataSequenceInOrder", Use.LEADING, ResultFunction.OR, false, 0, 0),
    ERROR_RECOVERY_LEVEL("ErrorRecoveryLevel", Use.LEADING, ResultFunction.MINIMUM, true, 0, 2),
    /** RFC 7143 §13 TaskReporting: RFC3720, ResponseFence or FastAbort; we implement RFC3720 semantics. */
    TASK_REPORTING("TaskReporting", Use.LEADING, ResultFunction.FIRST_ACCEPTABLE, false, 0, 0),
    /** RFC 7144 iSCSIProtocolLevel: 1 means RFC 7143. */
    PROTOCOL_LEVEL("iSCSIProtocolLevel", Use.LEADING, ResultFunction.MINIMUM, true, 0, 31),
    /** RFC 7143 §13 "Obsoleted Keys": answered "No" (allowed, and what an RFC 3720 peer expects). */
    OF_MARKER("OFMarker", Use.INITIAL, ResultFunction.OBSOLETE, true, 0, 0),
    IF_MARKER("IFMarker", Use.INITIAL, ResultFunction.OBSOLETE, true, 0, 0),
    /** RFC 7143 §13 "Obsoleted Keys": answered "Reject". */
    OF_MARK_INT("OFMarkInt", Use.INITIAL, ResultFunction.OBSOLETE, true, 0, 0),
    IF_MARK_INT("IFMarkInt", Use.INITIAL, ResultFunction.OBSOLETE, true, 0, 0);

    /** Where a key may appear (RFC 7143 §13 "Use"). */
    enum Use {
        /** "LO": only during login of the leading connection. */
        LEADING,
        /** "IO": only during login, on every connection. */
        INITIAL,
        /** "ALL": during login and in full-feature text negotiation. */
        ALL
    }

    /** How the two sides' values combine (RFC 7143 §6.2.2). */
    enum ResultFunction { MINIMUM, MAXIMUM, OR, AND, FIRST_ACCEPTABLE, DECLARATIVE, OBSOLETE }

    private static final Map<String, OperationalKey> BY_NAME = new HashMap<>();

    static {
        for (OperationalKey k : values()) {
            BY_NAME.put(k.keyName, k);
        }
    }

    private final String keyName;
    private final Use use;
    private final ResultFunction function;
    private final boolean relevantInDiscovery;
    private final long min;
    private final long max;

    OperationalKey(String keyName, Use use, ResultFunction function, boolean relevantInDiscovery, long min, long max) {
        this.keyName = keyName;
        this.use = use;
        this.function = function;
        this.relevantInDiscovery = relevantInDiscovery;
        this.min = min;
        this.max = max;
    }

    static Optional<OperationalKey> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    String keyName() {
        return keyName;
    }

    Use use() {
        return use;
    }

    ResultFunction function() {
        return function;
    }

    boolean relevantInDiscovery() {
        return relevantInDiscovery;
    }

    boolean inRange(long value) {
        return value >= min && value <= max;
    }
}
