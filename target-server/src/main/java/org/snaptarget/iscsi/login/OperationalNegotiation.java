package org.snaptarget.iscsi.login;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Operational parameter negotiation for one login (RFC 7143 §6.2, §13): answers each key the
 * initiator offers with the result of the key's function over its value and ours, and keeps the
 * running result.
 *
 * <p>Outcomes per key: a value of the right type and range gets the negotiated result (for a
 * declaration, no answer); a malformed or out-of-range value gets "Reject"; a key a discovery
 * session does not use gets "Irrelevant", as does FirstBurstLength once InitialR2T=Yes and
 * ImmediateData=No; an obsolete marker key gets "No" or "Reject" (§13, "Obsoleted Keys"). A key negotiated twice
 * in one login is an initiator error (§6.3); MaxRecvDataSegmentLength may be redeclared.
 *
 * <p>Our own values: MaxConnections 1, InitialR2T No, ImmediateData Yes, DataPDUInOrder and
 * DataSequenceInOrder Yes, ErrorRecoveryLevel 0, TaskReporting RFC3720, iSCSIProtocolLevel 1, and
 * the rest from {@link TargetLimits}. Within one request, FirstBurstLength is settled after
 * MaxBurstLength, InitialR2T and ImmediateData, whatever their order, so it never exceeds the
 * negotiated MaxBurstLength.
 */
final class OperationalNegotiation {

    static final int OUR_PROTOCOL_LEVEL = 1;

    private final TargetLimits limits;
    private final SessionType type;
    private final Set<OperationalKey> negotiated = EnumSet.noneOf(OperationalKey.class);

    private boolean headerDigest;
    private boolean dataDigest;
    private int maxConnections;
    private boolean initialR2T;
    private boolean immediateData;
    private int initiatorMaxRecv;
    private int maxBurst;
    private int firstBurst;
    private int time2Wait;
    private int time2Retain;
    private int maxOutstandingR2T;
    private boolean pduInOrder;
    private boolean sequenceInOrder;
    private int errorRecoveryLevel;
    private boolean declaredOurMaxRecv;

    OperationalNegotiation(TargetLimits limits, SessionType type) {
        this.limits = limits;
        this.type = type;
        SessionParameters d = SessionParameters.rfcDefaults();
        headerDigest = d.headerDigest();
        dataDigest = d.dataDigest();
        maxConnections = d.maxConnections();
        initialR2T = d.initialR2T();
        immediateData = d.immediateData();
        initiatorMaxRecv = d.initiatorMaxRecvDataSegmentLength();
        maxBurst = d.maxBurstLength();
        firstBurst = d.firstBurstLength();
        time2Wait = d.defaultTime2Wait();
        time2Retain = d.defaultTime2Retain();
        maxOutstandingR2T = d.maxOutstandingR2T();
        pduInOrder = d.dataPduInOrder();
        sequenceInOrder = d.dataSequenceInOrder();
        errorRecoveryLevel = d.errorRecoveryLevel();
    }

    /**
     * Answers the operational keys of one request; the answers keep the request's order.
     *
     * @throws LoginFailure 02/00 if a key was already negotiated in an earlier request
     */
    List<KeyValue> negotiate(List<KeyValue> offers) throws LoginFailure {
        KeyValue[] answers = new KeyValue[offers.size()];
        List<Integer> deferred = new ArrayList<>();
        for (int i = 0; i < offers.size(); i++) {
            KeyValue offer = offers.get(i);
            OperationalKey key = OperationalKey.byName(offer.key()).orElseThrow(
                    () -> new IllegalArgumentException("not an operational key: " + offer.key()));
            if (!negotiated.add(key) && key != OperationalKey.MAX_RECV_DATA_SEGMENT_LENGTH) {
                throw new LoginFailure(LoginStatus.INITIATOR_ERROR, offer.key() + " negotiated twice in one login");
            }
            if (key == OperationalKey.FIRST_BURST_LENGTH) {
                deferred.add(i);
            } else {
                answers[i] = answer(key, offer.value());
            }
        }
        for (int i : deferred) {
            answers[i] = answer(OperationalKey.FIRST_BURST_LENGTH, offers.get(i).value());
        }
        return Arrays.stream(answers).filter(a -> a != null).toList();
    }

    /** Our MaxRecvDataSegmentLength declaration, the first time it is asked for; then empty. */
    Optional<KeyValue> declarationOnce() {
        if (declaredOurMaxRecv) {
            return Optional.empty();
        }
        declaredOurMaxRecv = true;
        return Optional.of(new KeyValue(OperationalKey.MAX_RECV_DATA_SEGMENT_LENGTH.keyName(),
                Integer.toString(limits.maxRecvDataSegmentLength())));
    }

    /** The parameters in effect if login ended now; undeclared lengths stay at 8192. */
    SessionParameters result() {
        int targetMaxRecv = declaredOurMaxRecv ? limits.maxRecvDataSegmentLength()
                : SessionParameters.rfcDefaults().targetMaxRecvDataSegmentLength();
        return new SessionParameters(headerDigest, dataDigest, maxConnections, initialR2T, immediateData,
                initiatorMaxRecv, targetMaxRecv, maxBurst, Math.min(firstBurst, maxBurst), time2Wait, time2Retain,
                maxOutstandingR2T, pduInOrder, sequenceInOrder, errorRecoveryLevel);
    }

    private KeyValue answer(OperationalKey key, String value) {
        String name = key.keyName();
        if (type == SessionType.DISCOVERY && !key.relevantInDiscovery()) {
            return KeyValue.irrelevant(name);
        }
        if (key == OperationalKey.FIRST_BURST_LENGTH && initialR2T && !immediateData) {
            return KeyValue.irrelevant(name);   // no unsolicited data at all (RFC 7143 §13.14)
        }
        return switch (key.function()) {
            case DECLARATIVE -> declare(key, value);
            case MINIMUM, MAXIMUM -> numeric(key, value);
            case OR, AND -> bool(key, value);
            case FIRST_ACCEPTABLE -> firstAcceptable(key, value);
            case OBSOLETE -> (key == OperationalKey.OF_MARKER || key == OperationalKey.IF_MARKER)
                    ? new KeyValue(name, "No") : KeyValue.reject(name);
        };
    }

    private KeyValue declare(OperationalKey key, String value) {
        OptionalLong v = ValueFormats.parseNumber(value);
        if (v.isEmpty() || !key.inRange(v.getAsLong())) {
            return KeyValue.reject(key.keyName());
        }
        initiatorMaxRecv = (int) v.getAsLong();
        return null;
    }

    private KeyValue numeric(OperationalKey key, String value) {
        OptionalLong parsed = ValueFormats.parseNumber(value);
        if (parsed.isEmpty() || !key.inRange(parsed.getAsLong())) {
            return KeyValue.reject(key.keyName());
        }
        int offer = (int) parsed.getAsLong();
        int result = switch (key) {
            case MAX_CONNECTIONS -> maxConnections = Math.min(offer, 1);
            case MAX_BURST_LENGTH -> maxBurst = Math.min(offer, limits.maxBurstLength());
            case FIRST_BURST_LENGTH -> firstBurst = Math.min(Math.min(offer, limits.firstBurstLength()), maxBurst);
            case DEFAULT_TIME2WAIT -> time2Wait = Math.max(offer, limits.defaultTime2Wait());
            case DEFAULT_TIME2RETAIN -> time2Retain = Math.min(offer, limits.defaultTime2Retain());
            case MAX_OUTSTANDING_R2T -> maxOutstandingR2T = Math.min(offer, limits.maxOutstandingR2T());
            case ERROR_RECOVERY_LEVEL -> errorRecoveryLevel = Math.min(offer, 0);
            case PROTOCOL_LEVEL -> Math.min(offer, OUR_PROTOCOL_LEVEL);
            default -> throw new IllegalStateException("no numeric rule for " + key);
        };
        return new KeyValue(key.keyName(), Integer.toString(result));
    }

    private KeyValue bool(OperationalKey key, String value) {
        Optional<Boolean> parsed = ValueFormats.parseBoolean(value);
        if (parsed.isEmpty()) {
            return KeyValue.reject(key.keyName());
        }
        boolean offer = parsed.get();
        boolean result = switch (key) {
            case INITIAL_R2T -> initialR2T = offer;              // OR with our No
            case IMMEDIATE_DATA -> immediateData = offer;        // AND with our Yes
            case DATA_PDU_IN_ORDER -> pduInOrder = true;         // OR with our Yes
            case DATA_SEQUENCE_IN_ORDER -> sequenceInOrder = true; // OR with our Yes
            default -> throw new IllegalStateException("no boolean rule for " + key);
        };
        return new KeyValue(key.keyName(), ValueFormats.formatBoolean(result));
    }

    private KeyValue firstAcceptable(OperationalKey key, String value) {
        for (String item : ValueFormats.parseList(value)) {
            switch (key) {
                case HEADER_DIGEST, DATA_DIGEST -> {
                    boolean crc = item.equals("CRC32C") && limits.allowDigests();
                    if (crc || item.equals("None")) {
                        if (key == OperationalKey.HEADER_DIGEST) {
                            headerDigest = crc;
                        } else {
                            dataDigest = crc;
                        }
                        return new KeyValue(key.keyName(), item);
                    }
                }
                case TASK_REPORTING -> {
                    if (item.equals("RFC3720")) {
                        return new KeyValue(key.keyName(), item);
                    }
                }
                default -> throw new IllegalStateException("no list rule for " + key);
            }
        }
        return KeyValue.reject(key.keyName());
    }
}
