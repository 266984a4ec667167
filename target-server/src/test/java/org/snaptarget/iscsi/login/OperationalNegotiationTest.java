package org.snaptarget.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every operational key, every outcome: the answer to one offer against {@link TargetLimits#defaults()}
 * (MaxRecvDataSegmentLength 262144, MaxBurstLength 1048576, FirstBurstLength 262144,
 * MaxOutstandingR2T 16, digests allowed, DefaultTime2Wait 2, DefaultTime2Retain 20).
 */
class OperationalNegotiationTest {

    private static List<KeyValue> offers(String... pairs) {
        return Arrays.stream(pairs).map(p -> {
            int eq = p.indexOf('=');
            return new KeyValue(p.substring(0, eq), p.substring(eq + 1));
        }).toList();
    }

    private static String answers(OperationalNegotiation n, String... pairs) throws LoginFailure {
        return n.negotiate(offers(pairs)).stream().map(KeyValue::toString).collect(Collectors.joining(" "));
    }

    /** Columns: session type, offered key=value, expected answer ("-" for no answer). */
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // HeaderDigest / DataDigest: first value of the initiator's list we accept
            "NORMAL    | HeaderDigest=None,CRC32C     | HeaderDigest=None",
            "NORMAL    | HeaderDigest=CRC32C,None     | HeaderDigest=CRC32C",
            "NORMAL    | HeaderDigest=CRC32C          | HeaderDigest=CRC32C",
            "NORMAL    | HeaderDigest=Y-vendor,None   | HeaderDigest=None",
            "NORMAL    | HeaderDigest=Y-vendor        | HeaderDigest=Reject",
            "DISCOVERY | HeaderDigest=None,CRC32C     | HeaderDigest=None",
            "NORMAL    | DataDigest=CRC32C,None       | DataDigest=CRC32C",
            "NORMAL    | DataDigest=None              | DataDigest=None",
            "NORMAL    | DataDigest=crc32c            | DataDigest=Reject",
            // MaxConnections: minimum with our 1; 1..65535
            "NORMAL    | MaxConnections=32            | MaxConnections=1",
            "NORMAL    | MaxConnections=1             | MaxConnections=1",
            "NORMAL    | MaxConnections=0             | MaxConnections=Reject",
            "NORMAL    | MaxConnections=65536         | MaxConnections=Reject",
            "NORMAL    | MaxConnections=many          | MaxConnections=Reject",
            "DISCOVERY | MaxConnections=32            | MaxConnections=Irrelevant",
            // InitialR2T: OR with our No
            "NORMAL    | InitialR2T=No                | InitialR2T=No",
            "NORMAL    | InitialR2T=Yes               | InitialR2T=Yes",
            "NORMAL    | InitialR2T=yes               | InitialR2T=Reject",
            "DISCOVERY | InitialR2T=No                | InitialR2T=Irrelevant",
            // ImmediateData: AND with our Yes
            "NORMAL    | ImmediateData=Yes            | ImmediateData=Yes",
            "NORMAL    | ImmediateData=No             | ImmediateData=No",
            "NORMAL    | ImmediateData=1              | ImmediateData=Reject",
            "DISCOVERY | ImmediateData=Yes            | ImmediateData=Irrelevant",
            // MaxRecvDataSegmentLength: declarative, 512..2^24-1, also in discovery
            "NORMAL    | MaxRecvDataSegmentLength=262144   | -",
            "DISCOVERY | MaxRecvDataSegmentLength=32768    | -",
            "NORMAL    | MaxRecvDataSegmentLength=512      | -",
            "NORMAL    | MaxRecvDataSegmentLength=16777215 | -",
            "NORMAL    | MaxRecvDataSegmentLength=511      | MaxRecvDataSegmentLength=Reject",
            "NORMAL    | MaxRecvDataSegmentLength=16777216 | MaxRecvDataSegmentLength=Reject",
            // MaxBurstLength: minimum with our 1 MiB
            "NORMAL    | MaxBurstLength=262144        | MaxBurstLength=262144",
            "NORMAL    | MaxBurstLength=16776192      | MaxBurstLength=1048576",
            "NORMAL    | MaxBurstLength=0x40000       | MaxBurstLength=262144",
            "NORMAL    | MaxBurstLength=0262144       | MaxBurstLength=Reject",
            "NORMAL    | MaxBurstLength=511           | MaxBurstLength=Reject",
            "NORMAL    | MaxBurstLength=16777216      | MaxBurstLength=Reject",
            "DISCOVERY | MaxBurstLength=262144        | MaxBurstLength=Irrelevant",
            // FirstBurstLength: minimum with our 256 KiB
            "NORMAL    | FirstBurstLength=65536       | FirstBurstLength=65536",
            "NORMAL    | FirstBurstLength=16776192    | FirstBurstLength=262144",
            "NORMAL    | FirstBurstLength=100         | FirstBurstLength=Reject",
            "DISCOVERY | FirstBurstLength=65536       | FirstBurstLength=Irrelevant",
            // DefaultTime2Wait: maximum with our 2; 0..3600
            "NORMAL    | DefaultTime2Wait=0           | DefaultTime2Wait=2",
            "NORMAL    | DefaultTime2Wait=10          | DefaultTime2Wait=10",
            "NORMAL    | DefaultTime2Wait=3601        | DefaultTime2Wait=Reject",
            "DISCOVERY | DefaultTime2Wait=0           | DefaultTime2Wait=2",
            // DefaultTime2Retain: minimum with our 20; 0..3600
            "NORMAL    | DefaultTime2Retain=0         | DefaultTime2Retain=0",
            "NORMAL    | DefaultTime2Retain=60        | DefaultTime2Retain=20",
            "NORMAL    | DefaultTime2Retain=3601      | DefaultTime2Retain=Reject",
            // MaxOutstandingR2T: minimum with our 16; 1..65535
            "NORMAL    | MaxOutstandingR2T=1          | MaxOutstandingR2T=1",
            "NORMAL    | MaxOutstandingR2T=64         | MaxOutstandingR2T=16",
            "NORMAL    | MaxOutstandingR2T=0          | MaxOutstandingR2T=Reject",
            "DISCOVERY | MaxOutstandingR2T=1          | MaxOutstandingR2T=Irrelevant",
            // DataPDUInOrder / DataSequenceInOrder: OR with our Yes
            "NORMAL    | DataPDUInOrder=No            | DataPDUInOrder=Yes",
            "NORMAL    | DataPDUInOrder=Yes           | DataPDUInOrder=Yes",
            "NORMAL    | DataPDUInOrder=Maybe         | DataPDUInOrder=Reject",
            "DISCOVERY | DataPDUInOrder=Yes           | DataPDUInOrder=Irrelevant",
            "NORMAL    | DataSequenceInOrder=No       | DataSequenceInOrder=Yes",
            "DISCOVERY | DataSequenceInOrder=Yes      | DataSequenceInOrder=Irrelevant",
            // ErrorRecoveryLevel: minimum with our 0; 0..2
            "NORMAL    | ErrorRecoveryLevel=2         | ErrorRecoveryLevel=0",
            "NORMAL    | ErrorRecoveryLevel=0         | ErrorRecoveryLevel=0",
            "NORMAL    | ErrorRecoveryLevel=3         | ErrorRecoveryLevel=Reject",
            "DISCOVERY | ErrorRecoveryLevel=1         | ErrorRecoveryLevel=0",
            // TaskReporting: first acceptable; we implement RFC3720 semantics
            "NORMAL    | TaskReporting=ResponseFence,RFC3720 | TaskReporting=RFC3720",
            "NORMAL    | TaskReporting=FastAbort      | TaskReporting=Reject",
            "DISCOVERY | TaskReporting=RFC3720        | TaskReporting=Irrelevant",
            // iSCSIProtocolLevel: minimum with our 1; 0..31
            "NORMAL    | iSCSIProtocolLevel=2         | iSCSIProtocolLevel=1",
            "NORMAL    | iSCSIProtocolLevel=0         | iSCSIProtocolLevel=0",
            "NORMAL    | iSCSIProtocolLevel=32        | iSCSIProtocolLevel=Reject",
            // Obsolete marker keys (RFC 7143 §13, "Obsoleted Keys")
            "NORMAL    | OFMarker=Yes                 | OFMarker=No",
            "NORMAL    | IFMarker=No                  | IFMarker=No",
            "DISCOVERY | IFMarker=No                  | IFMarker=No",
            "NORMAL    | OFMarkInt=2048               | OFMarkInt=Reject",
            "NORMAL    | IFMarkInt=1-65535            | IFMarkInt=Reject",
    })
    void answersOneOffer(SessionType type, String offer, String expected) throws LoginFailure {
        OperationalNegotiation n = new OperationalNegotiation(TargetLimits.defaults(), type);
        assertEquals(expected.equals("-") ? "" : expected, answers(n, offer));
    }

    @Test
    void digestsNotAllowedLeaveOnlyNone() throws LoginFailure {
        TargetLimits noDigests = new TargetLimits(262144, 1048576, 262144, 16, false, 2, 20);
        OperationalNegotiation n = new OperationalNegotiation(noDigests, SessionType.NORMAL);
        assertEquals("HeaderDigest=None DataDigest=Reject", answers(n, "HeaderDigest=CRC32C,None", "DataDigest=CRC32C"));
        assertFalse(n.result().headerDigest());
        assertFalse(n.result().dataDigest());
    }

    @Test
    void resultsReachTheSessionParameters() throws LoginFailure {
        OperationalNegotiation n = new OperationalNegotiation(TargetLimits.defaults(), SessionType.NORMAL);
        answers(n, "HeaderDigest=CRC32C", "DataDigest=CRC32C,None", "MaxConnections=4", "InitialR2T=Yes",
                "ImmediateData=No", "MaxRecvDataSegmentLength=65536", "MaxBurstLength=524288",
                "FirstBurstLength=131072", "DefaultTime2Wait=5", "DefaultTime2Retain=10", "MaxOutstandingR2T=8",
                "DataPDUInOrder=No", "DataSequenceInOrder=No", "ErrorRecoveryLevel=1");
        n.declarationOnce();
        SessionParameters p = n.result();
        assertTrue(p.headerDigest());
        assertTrue(p.dataDigest());
        assertEquals(1, p.maxConnections());
        assertTrue(p.initialR2T());
        assertFalse(p.immediateData());
        assertEquals(65536, p.initiatorMaxRecvDataSegmentLength());
        assertEquals(262144, p.targetMaxRecvDataSegmentLength());
        assertEquals(524288, p.maxBurstLength());
        assertEquals(65536, p.firstBurstLength(), "FirstBurstLength is irrelevant with InitialR2T=Yes, ImmediateData=No");
        assertEquals(5, p.defaultTime2Wait());
        assertEquals(10, p.defaultTime2Retain());
        assertEquals(8, p.maxOutstandingR2T());
        assertTrue(p.dataPduInOrder());
        assertTrue(p.dataSequenceInOrder());
        assertEquals(0, p.errorRecoveryLevel());
    }

    @Test
    void nothingNegotiatedMeansRfcDefaults() {
        OperationalNegotiation n = new OperationalNegotiation(TargetLimits.defaults(), SessionType.NORMAL);
        assertEquals(SessionParameters.rfcDefaults(), n.result());
    }

    @Test
    void undeclaredTargetLengthStaysAt8192AndDeclarationHappensOnce() {
        OperationalNegotiation n = new OperationalNegotiation(TargetLimits.defaults(), SessionType.NORMAL);
        assertEquals(8192, n.result().targetMaxRecvDataSegmentLength());
        assertEquals(Optional.of(new KeyValue("MaxRecvDataSegmentLength", "262144")), n.declarationOnce());
        assertEquals(Optional.empty(), n.declarationOnce());
        assertEquals(262144, n.result().targetMaxRecvDataSegmentLength());
    }

    @Test
    void firstBurstIsIrrelevantWhenInitialR2TYesAndImmediateDataNoWhateverTheOrder() throws LoginFailure {
        OperationalNegotiation n = new OperationalNegotiation(TargetLimits.defaults(), SessionType.NORMAL);
        assertEquals("FirstBurstLength=Irrelevant InitialR2T=Yes ImmediateData=No",
                answers(n, "FirstBurstLength=65536", "InitialR2T=Yes", "ImmediateData=No"));
    }

    @Test
    void firstBurstIsRelevantWhenImmediateDataStaysOn() throws LoginFailure {
        OperationalNegotiation n = new OperationalNegotiation(TargetLimits.defaults(), SessionType.NORMAL);
        assertEquals("FirstBurstLength=65536 InitialR2T=Yes", answers(n, "FirstBurstLength=65536", "InitialR2T=Yes"));
    }

    @Test
    void firstBurstNeverExceedsMaxBurstEvenWhenOfferedFirst() throws LoginFailure {
        OperationalNegotiation n = new OperationalNegotiation(TargetLimits.defaults(), SessionType.NORMAL);
        assertEquals("FirstBurstLength=4096 MaxBurstLength=4096", answers(n, "FirstBurstLength=65536", "MaxBurstLength=4096"));
        assertEquals(4096, n.result().firstBurstLength());
    }

    @Test
    void answersKeepTheRequestOrder() throws LoginFailure {
        OperationalNegotiation n = new OperationalNegotiation(TargetLimits.defaults(), SessionType.NORMAL);
        assertEquals("MaxBurstLength=262144 ErrorRecoveryLevel=0 HeaderDigest=None",
                answers(n, "MaxBurstLength=262144", "ErrorRecoveryLevel=2", "HeaderDigest=None"));
    }

    @ParameterizedTest
    @EnumSource(value = OperationalKey.class, names = "MAX_RECV_DATA_SEGMENT_LENGTH", mode = EnumSource.Mode.EXCLUDE)
    void negotiatingAKeyTwiceInOneLoginIsAnInitiatorError(OperationalKey key) throws LoginFailure {
        OperationalNegotiation n = new OperationalNegotiation(TargetLimits.defaults(), SessionType.NORMAL);
        n.negotiate(List.of(new KeyValue(key.keyName(), "1")));
        LoginFailure f = assertThrows(LoginFailure.class, () -> n.negotiate(List.of(new KeyValue(key.keyName(), "1"))));
        assertEquals(LoginStatus.INITIATOR_ERROR, f.status());
    }

    @Test
    void maxRecvDataSegmentLengthMayBeRedeclared() throws LoginFailure {
        OperationalNegotiation n = new OperationalNegotiation(TargetLimits.defaults(), SessionType.NORMAL);
        answers(n, "MaxRecvDataSegmentLength=65536");
        answers(n, "MaxRecvDataSegmentLength=131072");
        assertEquals(131072, n.result().initiatorMaxRecvDataSegmentLength());
    }

    @Test
    void everyTableEntryHasAnAnswerRule() throws LoginFailure {
        for (OperationalKey key : OperationalKey.values()) {
            for (String value : List.of("1", "512", "Yes", "None", "RFC3720", "junk")) {
                OperationalNegotiation n = new OperationalNegotiation(TargetLimits.defaults(), SessionType.NORMAL);
                n.negotiate(List.of(new KeyValue(key.keyName(), value)));
            }
        }
    }
}
