package org.snaptarget.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.iscsi.login.LoginFixtures.*;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Whole login conversations as real initiators hold them, and the ways they fail. */
class LoginNegotiatorTest {

    private static void assertRefused(LoginNegotiator n, LoginResponse r, LoginStatus expected) {
        assertEquals(expected, r.status(), n.failureReason());
        assertTrue(n.failed());
        assertFalse(n.complete());
        assertFalse(r.transit());
        assertEquals(0, r.text().length);
        assertNotNull(n.failureReason());
    }

    @Test
    void normalSessionWithAuthMethodNonePassesThroughSecurityAndOperationalStages() {
        LoginNegotiator n = negotiator();
        LoginResponse sec = n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "SessionType=Normal", "TargetName=" + OPEN_TARGET, "AuthMethod=None"));
        assertEquals(LoginStatus.SUCCESS, sec.status());
        assertTrue(sec.transit());
        assertEquals(0, sec.csg());
        assertEquals(1, sec.nsg());
        assertEquals(0, sec.versionMax());
        assertEquals(0, sec.versionActive());
        assertEquals(Map.of("TargetAlias", "Open Disk", "TargetPortalGroupTag", "1", "AuthMethod", "None"), keys(sec));
        assertFalse(n.complete());

        LoginResponse op = n.process(request(true, 1, 3, "HeaderDigest=None", "DataDigest=None",
                "MaxRecvDataSegmentLength=262144", "InitialR2T=No", "ImmediateData=Yes",
                "MaxBurstLength=16776192", "FirstBurstLength=262144", "MaxOutstandingR2T=1",
                "MaxConnections=1", "ErrorRecoveryLevel=0", "DefaultTime2Wait=2", "DefaultTime2Retain=0"));
        assertEquals(LoginStatus.SUCCESS, op.status());
        assertTrue(op.transit());
        assertEquals(1, op.csg());
        assertEquals(3, op.nsg());
        Map<String, String> o = keys(op);
        assertEquals("None", o.get("HeaderDigest"));
        assertEquals("No", o.get("InitialR2T"));
        assertEquals("1048576", o.get("MaxBurstLength"));
        assertEquals("262144", o.get("FirstBurstLength"));
        assertEquals("262144", o.get("MaxRecvDataSegmentLength"));
        assertFalse(o.containsKey("TargetPortalGroupTag"), "TPGT only in the first response");
        assertTrue(n.complete());
        assertFalse(n.failed());

        NegotiatedSession s = n.session();
        assertEquals(SessionType.NORMAL, s.type());
        assertEquals(INITIATOR, s.initiatorName());
        assertEquals(OPEN_TARGET, s.target().name());
        assertEquals(0x400001370000L, s.isid());
        SessionParameters p = s.parameters();
        assertEquals(262144, p.initiatorMaxRecvDataSegmentLength());
        assertEquals(262144, p.targetMaxRecvDataSegmentLength());
        assertEquals(1048576, p.maxBurstLength());
        assertEquals(262144, p.firstBurstLength());
        assertFalse(p.initialR2T());
        assertTrue(p.immediateData());
        assertEquals(1, p.maxOutstandingR2T());
        assertEquals(0, p.defaultTime2Retain());
    }

    @Test
    void microsoftInitiatorOffersAreCutToWhatWeSupport() {
        LoginNegotiator n = negotiator();
        LoginResponse sec = n.process(request(true, 0, 1, "InitiatorName=iqn.1991-05.com.microsoft:win-host",
                "InitiatorAlias=WIN-HOST", "TargetName=" + OPEN_TARGET, "SessionType=Normal", "AuthMethod=None"));
        assertEquals("1", keys(sec).get("TargetPortalGroupTag"));
        LoginResponse op = n.process(request(true, 1, 3, "HeaderDigest=None,CRC32C", "DataDigest=None,CRC32C",
                "ErrorRecoveryLevel=2", "InitialR2T=No", "ImmediateData=Yes", "MaxBurstLength=262144",
                "FirstBurstLength=65536", "MaxOutstandingR2T=16", "MaxConnections=32", "DataPDUInOrder=Yes",
                "DataSequenceInOrder=Yes", "DefaultTime2Wait=2", "DefaultTime2Retain=20",
                "MaxRecvDataSegmentLength=65536", "OFMarker=No", "IFMarker=No"));
        Map<String, String> o = keys(op);
        assertEquals("None", o.get("HeaderDigest"));
        assertEquals("None", o.get("DataDigest"));
        assertEquals("0", o.get("ErrorRecoveryLevel"));
        assertEquals("1", o.get("MaxConnections"));
        assertEquals("16", o.get("MaxOutstandingR2T"));
        assertTrue(n.complete());
        assertEquals("WIN-HOST", n.session().initiatorAlias());
        assertEquals(16, n.session().parameters().maxOutstandingR2T());
        assertEquals(65536, n.session().parameters().initiatorMaxRecvDataSegmentLength());
    }

    @Test
    void microsoftDiscoveryGetsNoneForNoneCommaCrc32c() {
        LoginNegotiator n = negotiator();
        n.process(request(true, 0, 1, "InitiatorName=iqn.1991-05.com.microsoft:win-host",
                "SessionType=Discovery", "AuthMethod=None"));
        LoginResponse op = n.process(request(true, 1, 3, "HeaderDigest=None,CRC32C", "DataDigest=None,CRC32C",
                "MaxBurstLength=262144", "MaxRecvDataSegmentLength=65536"));
        Map<String, String> o = keys(op);
        assertEquals("None", o.get("HeaderDigest"));
        assertEquals("Irrelevant", o.get("MaxBurstLength"));
        assertEquals("262144", o.get("MaxRecvDataSegmentLength"));
        assertTrue(n.complete());
        assertEquals(SessionType.DISCOVERY, n.session().type());
    }

    @Test
    void discoverySessionNeedsNoTargetNameAndSendsNoPortalGroupTag() {
        LoginNegotiator n = negotiator();
        LoginResponse r = n.process(request(true, 0, 3, "InitiatorName=" + INITIATOR,
                "SessionType=Discovery", "AuthMethod=None"));
        assertEquals(LoginStatus.SUCCESS, r.status());
        assertEquals(Map.of("AuthMethod", "None"), keys(r));
        assertTrue(n.complete());
        assertEquals(SessionType.DISCOVERY, n.session().type());
        assertNull(n.session().target());
        assertEquals(8192, n.session().parameters().targetMaxRecvDataSegmentLength());
        assertEquals(PORTAL.tpgt(), n.portalGroupTag());
    }

    @Test
    void libiscsiWithoutChapStartsInTheOperationalStageAndFinishesInOneRequest() {
        LoginNegotiator n = negotiator();
        LoginResponse r = n.process(request(true, 1, 3, "InitiatorName=" + INITIATOR,
                "TargetName=" + OPEN_TARGET, "SessionType=Normal", "HeaderDigest=None,CRC32C", "DataDigest=None",
                "InitialR2T=No", "ImmediateData=Yes", "MaxBurstLength=262144", "FirstBurstLength=262144",
                "DefaultTime2Wait=2", "DefaultTime2Retain=0", "MaxOutstandingR2T=1", "ErrorRecoveryLevel=0",
                "IFMarker=No", "OFMarker=No", "MaxConnections=1", "MaxRecvDataSegmentLength=262144",
                "DataPDUInOrder=Yes", "DataSequenceInOrder=Yes"));
        assertEquals(LoginStatus.SUCCESS, r.status());
        assertTrue(r.transit());
        assertEquals(1, r.csg());
        assertEquals(3, r.nsg());
        Map<String, String> k = keys(r);
        assertEquals("1", k.get("TargetPortalGroupTag"));
        assertEquals("262144", k.get("MaxRecvDataSegmentLength"));
        assertTrue(n.complete());
        assertEquals(262144, n.session().parameters().targetMaxRecvDataSegmentLength());
    }

    /** open-iscsi style CHAP: offer, algorithm, response with T=1; returns the session. */
    private static NegotiatedSession chapLogin(LoginNegotiator n, String target, String secret, boolean mutual,
                                               String algorithms, String jca) throws Exception {
        LoginResponse offer = n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=" + target, "SessionType=Normal", "AuthMethod=CHAP,None"));
        assertEquals(LoginStatus.SUCCESS, offer.status(), n.failureReason());
        assertFalse(offer.transit(), "no transit before CHAP has passed");
        assertEquals("CHAP", keys(offer).get("AuthMethod"));

        LoginResponse challenge = n.process(request(false, 0, 1, "CHAP_A=" + algorithms));
        Map<String, String> c = keys(challenge);
        assertFalse(challenge.transit());
        int id = Integer.parseInt(c.get("CHAP_I"));
        byte[] chal = ValueFormats.parseBinary(c.get("CHAP_C")).orElseThrow();
        java.security.MessageDigest md = java.security.MessageDigest.getInstance(jca);
        md.update((byte) id);
        md.update(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update(chal);
        String response = ValueFormats.formatHex(md.digest());

        LoginResponse verdict = mutual
                ? n.process(request(true, 0, 1, "CHAP_N=alice", "CHAP_R=" + response, "CHAP_I=3", "CHAP_C=0x00112233445566778899aabbccddeeff"))
                : n.process(request(true, 0, 1, "CHAP_N=alice", "CHAP_R=" + response));
        if (verdict.status() != LoginStatus.SUCCESS) {
            return null;
        }
        assertTrue(verdict.transit());
        assertEquals(1, verdict.nsg());
        if (mutual) {
            Map<String, String> v = keys(verdict);
            assertEquals("target-bob", v.get("CHAP_N"));
            java.security.MessageDigest md2 = java.security.MessageDigest.getInstance(jca);
            md2.update((byte) 3);
            md2.update("bob-secret-4567".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md2.update(java.util.HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
            assertEquals(ValueFormats.formatHex(md2.digest()), v.get("CHAP_R"));
        }
        LoginResponse op = n.process(request(true, 1, 3, "MaxRecvDataSegmentLength=8192"));
        assertEquals(LoginStatus.SUCCESS, op.status());
        return n.session();
    }

    @Test
    void chapWithTheRightSecretLogsIn() throws Exception {
        NegotiatedSession s = chapLogin(negotiator(), CHAP_TARGET, "alice-secret-12", false, "5", "MD5");
        assertNotNull(s);
        assertEquals(CHAP_TARGET, s.target().name());
    }

    @Test
    void chapSha256ChosenWhenTheInitiatorListsItFirst() throws Exception {
        assertNotNull(chapLogin(negotiator(), CHAP_TARGET, "alice-secret-12", false, "7,5", "SHA-256"));
    }

    @Test
    void chapWithAWrongSecretIsRefusedWithAuthenticationFailure() throws Exception {
        LoginNegotiator n = negotiator();
        assertNull(chapLogin(n, CHAP_TARGET, "not-the-secret", false, "5", "MD5"));
        assertTrue(n.failed());
        assertFalse(n.complete());
    }

    @Test
    void mutualChapAnswersTheInitiatorsChallenge() throws Exception {
        assertNotNull(chapLogin(negotiator(), MUTUAL_TARGET, "alice-secret-12", true, "5", "MD5"));
        assertNotNull(chapLogin(negotiator(), MUTUAL_TARGET, "alice-secret-12", true, "7", "SHA-256"));
    }

    @Test
    void chapStillInProgressHoldsBackTransit() {
        LoginNegotiator n = negotiator();
        n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + CHAP_TARGET, "AuthMethod=CHAP"));
        LoginResponse r = n.process(request(true, 0, 1, "CHAP_A=5"));
        assertEquals(LoginStatus.SUCCESS, r.status());
        assertFalse(r.transit());
        assertEquals(0, r.nsg());
    }

    @Test
    void chapAlgorithmSentWithTheAuthMethodIsAnsweredAtOnce() {
        LoginNegotiator n = negotiator();
        LoginResponse r = n.process(request(false, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=" + CHAP_TARGET, "AuthMethod=CHAP", "CHAP_A=5"));
        Map<String, String> k = keys(r);
        assertEquals("CHAP", k.get("AuthMethod"));
        assertEquals("5", k.get("CHAP_A"));
        assertTrue(k.containsKey("CHAP_I"));
        assertTrue(k.containsKey("CHAP_C"));
    }

    @Test
    void chapRequiredTargetRefusesAuthMethodNone() {
        LoginNegotiator n = negotiator();
        LoginResponse r = n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=" + CHAP_TARGET, "AuthMethod=None"));
        assertRefused(n, r, LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void chapRequiredTargetRefusesSkippingTheSecurityStage() {
        LoginNegotiator n = negotiator();
        LoginResponse r = n.process(request(true, 1, 3, "InitiatorName=" + INITIATOR, "TargetName=" + CHAP_TARGET));
        assertRefused(n, r, LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void chapRequiredTargetRefusesLeavingSecurityWithoutAuthMethod() {
        LoginNegotiator n = negotiator();
        LoginResponse r = n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + CHAP_TARGET));
        assertRefused(n, r, LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void targetWithoutSecretPicksNoneFromAChapFirstOffer() {
        LoginNegotiator n = negotiator();
        LoginResponse r = n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=" + OPEN_TARGET, "AuthMethod=CHAP,None"));
        assertEquals("None", keys(r).get("AuthMethod"));
        assertTrue(r.transit());
    }

    @Test
    void targetWithoutSecretRefusesAChapOnlyOffer() {
        LoginNegotiator n = negotiator();
        LoginResponse r = n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=" + OPEN_TARGET, "AuthMethod=CHAP"));
        assertRefused(n, r, LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void chapKeysWithoutChapSelectedAreAnInitiatorError() {
        LoginNegotiator n = negotiator();
        LoginResponse r = n.process(request(false, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=" + OPEN_TARGET, "AuthMethod=None", "CHAP_A=5"));
        assertRefused(n, r, LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void securityKeysInTheOperationalStageAreAnInitiatorError() {
        LoginNegotiator n = negotiator();
        n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET, "AuthMethod=None"));
        LoginResponse r = n.process(request(true, 1, 3, "AuthMethod=None"));
        assertRefused(n, r, LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void authMethodTwiceIsAnInitiatorError() {
        LoginNegotiator n = negotiator();
        n.process(request(false, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET, "AuthMethod=None"));
        assertRefused(n, n.process(request(true, 0, 1, "AuthMethod=None")), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void missingInitiatorNameIsAMissingParameter() {
        LoginNegotiator n = negotiator();
        assertRefused(n, n.process(request(true, 0, 1, "TargetName=" + OPEN_TARGET, "AuthMethod=None")),
                LoginStatus.MISSING_PARAMETER);
    }

    @Test
    void normalSessionWithoutTargetNameIsAMissingParameter() {
        LoginNegotiator n = negotiator();
        assertRefused(n, n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR, "AuthMethod=None")),
                LoginStatus.MISSING_PARAMETER);
    }

    @Test
    void unknownTargetIsNotFound() {
        LoginNegotiator n = negotiator();
        assertRefused(n, n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=iqn.2026-11.org.snaptarget:nosuch", "AuthMethod=None")), LoginStatus.NOT_FOUND);
    }

    @Test
    void initiatorOutsideTheAccessListIsAnAuthorizationFailure() {
        LoginNegotiator n = negotiator();
        assertRefused(n, n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=" + ACL_TARGET, "AuthMethod=None")), LoginStatus.AUTHORIZATION_FAILURE);
    }

    @Test
    void accessListComparesNamesIgnoringCase() {
        LoginNegotiator n = negotiator();
        LoginResponse r = n.process(request(true, 0, 1, "InitiatorName=iqn.1991-05.com.Microsoft:Allowed-Host",
                "TargetName=" + ACL_TARGET, "AuthMethod=None"));
        assertEquals(LoginStatus.SUCCESS, r.status());
    }

    @Test
    void unknownSessionTypeIsAnInitiatorError() {
        LoginNegotiator n = negotiator();
        assertRefused(n, n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR, "SessionType=Fast",
                "AuthMethod=None")), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void overlongInitiatorNameIsAnInitiatorError() {
        LoginNegotiator n = negotiator();
        assertRefused(n, n.process(request(true, 0, 1, "InitiatorName=iqn.2000-01.com.x:" + "a".repeat(220),
                "SessionType=Discovery", "AuthMethod=None")), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void versionRangeWithoutZeroIsUnsupported() {
        LoginNegotiator n = negotiator();
        LoginRequest r = new LoginRequest(true, false, 0, 1, 2, 1, 1L, 0, 0, 1, 1, 0,
                text("InitiatorName=" + INITIATOR, "SessionType=Discovery"));
        assertRefused(n, n.process(r), LoginStatus.UNSUPPORTED_VERSION);
    }

    @Test
    void versionRangeIncludingZeroIsAccepted() {
        LoginNegotiator n = negotiator();
        LoginRequest r = new LoginRequest(true, false, 0, 3, 2, 0, 1L, 0, 0, 1, 1, 0,
                text("InitiatorName=" + INITIATOR, "SessionType=Discovery", "AuthMethod=None"));
        LoginResponse resp = n.process(r);
        assertEquals(LoginStatus.SUCCESS, resp.status());
        assertEquals(0, resp.versionActive());
    }

    @Test
    void transitAndContinueTogetherAreAnInitiatorError() {
        LoginNegotiator n = negotiator();
        LoginRequest r = new LoginRequest(true, true, 0, 1, 0, 0, 1L, 0, 0, 1, 1, 0, text("InitiatorName=" + INITIATOR));
        assertRefused(n, n.process(r), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void illegalTransitionsAreInitiatorErrors() {
        int[][] illegal = {{0, 0}, {0, 2}, {1, 1}, {1, 0}, {1, 2}};
        for (int[] t : illegal) {
            LoginNegotiator n = negotiator();
            assertRefused(n, n.process(request(true, t[0], t[1], "InitiatorName=" + INITIATOR,
                    "SessionType=Discovery", "AuthMethod=None")), LoginStatus.INITIATOR_ERROR);
        }
    }

    @Test
    void loginCannotStartInFullFeatureOrReservedStage() {
        for (int csg : new int[] {2, 3}) {
            LoginNegotiator n = negotiator();
            assertRefused(n, n.process(request(false, csg, 0, "InitiatorName=" + INITIATOR,
                    "SessionType=Discovery")), LoginStatus.INITIATOR_ERROR);
        }
    }

    @Test
    void requestInAStageWeLeftIsAnInitiatorError() {
        LoginNegotiator n = negotiator();
        n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET, "AuthMethod=None"));
        assertRefused(n, n.process(request(false, 0, 1)), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void stayingInAStageWithoutTransitIsFine() {
        LoginNegotiator n = negotiator();
        LoginResponse first = n.process(request(false, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=" + OPEN_TARGET, "AuthMethod=None"));
        assertFalse(first.transit());
        LoginResponse second = n.process(request(true, 0, 3));
        assertTrue(second.transit());
        assertEquals(3, second.nsg());
        assertEquals(Map.of(), keys(second));
        assertTrue(n.complete());
    }

    @Test
    void securityStraightToFullFeatureKeepsEveryDefault() {
        LoginNegotiator n = negotiator();
        n.process(request(true, 0, 3, "InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET, "AuthMethod=None"));
        assertTrue(n.complete());
        assertEquals(SessionParameters.rfcDefaults(), n.session().parameters());
    }

    @Test
    void malformedTextIsAnInitiatorError() {
        LoginNegotiator n = negotiator();
        LoginRequest r = new LoginRequest(true, false, 0, 1, 0, 0, 1L, 0, 0, 1, 1, 0,
                new byte[] {'I', 'n', 'i', 't', 'i', 'a', 't', 'o', 'r', 'N', 'a', 'm', 'e'});
        assertRefused(n, n.process(r), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void duplicateKeyInOneRequestIsAnInitiatorError() {
        LoginNegotiator n = negotiator();
        assertRefused(n, n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET,
                "AuthMethod=None", "AuthMethod=None")), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void operationalKeysSentInTheSecurityStageAreAnsweredThereWithoutOurDeclaration() {
        LoginNegotiator n = negotiator();
        Map<String, String> k = keys(n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=" + OPEN_TARGET, "AuthMethod=None", "MaxBurstLength=65536")));
        assertEquals("65536", k.get("MaxBurstLength"));
        assertFalse(k.containsKey("MaxRecvDataSegmentLength"));
        assertEquals("262144", keys(n.process(request(true, 1, 3))).get("MaxRecvDataSegmentLength"));
        assertEquals(65536, n.session().parameters().maxBurstLength());
    }

    @Test
    void renegotiatingAnOperationalKeyIsAnInitiatorError() {
        LoginNegotiator n = negotiator();
        n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET,
                "AuthMethod=None", "MaxBurstLength=262144"));
        assertRefused(n, n.process(request(true, 1, 3, "MaxBurstLength=262144")), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void identityKeysMayBeRepeatedWithTheSameValueOnly() {
        LoginNegotiator n = negotiator();
        n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET, "AuthMethod=None"));
        LoginResponse same = n.process(request(false, 1, 3, "InitiatorName=" + INITIATOR,
                "TargetName=" + OPEN_TARGET, "SessionType=Normal"));
        assertEquals(LoginStatus.SUCCESS, same.status());
        assertRefused(n, n.process(request(true, 1, 3, "TargetName=" + CHAP_TARGET)), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void changedIsidIsAnInitiatorError() {
        LoginNegotiator n = negotiator();
        n.process(request(false, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET, "AuthMethod=None"));
        LoginRequest other = new LoginRequest(true, false, 0, 1, 0, 0, 0x400001370001L, 0, 0, 1, 1, 0, new byte[0]);
        assertRefused(n, n.process(other), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void unknownAndExtensionKeysAreNotUnderstoodAndSendTargetsRejectedDuringLogin() {
        LoginNegotiator n = negotiator();
        LoginResponse r = n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET,
                "AuthMethod=None", "X-com.example.Feature=1", "X#IANA.thing=2", "FutureKey=3", "SendTargets=All"));
        Map<String, String> k = keys(r);
        assertEquals("NotUnderstood", k.get("X-com.example.Feature"));
        assertEquals("NotUnderstood", k.get("X#IANA.thing"));
        assertEquals("NotUnderstood", k.get("FutureKey"));
        assertEquals("Reject", k.get("SendTargets"));
        assertEquals(LoginStatus.SUCCESS, r.status());
        assertTrue(r.transit());
    }

    @Test
    void targetOnlyDeclarationsFromTheInitiatorAreInitiatorErrors() {
        for (String key : List.of("TargetAlias=mine", "TargetPortalGroupTag=7", "TargetAddress=10.0.0.1:3260,1")) {
            LoginNegotiator n = negotiator();
            assertRefused(n, n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET,
                    "AuthMethod=None", key)), LoginStatus.INITIATOR_ERROR);
        }
    }

    @Test
    void portalGroupTagComesFromTheMatchingPortalElseTheTargetDefault() {
        TargetEntry multi = new TargetEntry("iqn.2026-11.org.snaptarget:multi", null, 9,
                List.of(new Portal("10.0.0.1", 3260, 4), new Portal("127.0.0.1", 3260, 5)),
                Optional.empty(), Optional.empty(), Set.of());
        LoginNegotiator here = new LoginNegotiator(catalog(List.of(multi)), PORTAL, TargetLimits.defaults(), new SplittableRandom(1));
        assertEquals("5", keys(here.process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=" + multi.name(), "AuthMethod=None"))).get("TargetPortalGroupTag"));
        assertEquals(5, here.portalGroupTag());
        LoginNegotiator elsewhere = new LoginNegotiator(catalog(List.of(multi)), new Portal("192.168.1.1", 3260, 1),
                TargetLimits.defaults(), new SplittableRandom(1));
        assertEquals("9", keys(elsewhere.process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=" + multi.name(), "AuthMethod=None"))).get("TargetPortalGroupTag"));
        assertEquals(9, elsewhere.portalGroupTag());
    }

    @Test
    void emptyAliasIsNotAnnounced() throws Exception {
        LoginNegotiator n = negotiator();
        LoginResponse r = n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=" + MUTUAL_TARGET, "AuthMethod=CHAP"));
        assertFalse(keys(r).containsKey("TargetAlias"));
    }

    @Test
    void requestAfterFailureIsRefusedAgain() {
        LoginNegotiator n = negotiator();
        n.process(request(true, 0, 1, "TargetName=" + OPEN_TARGET));
        assertTrue(n.failed());
        LoginResponse again = n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=" + OPEN_TARGET, "AuthMethod=None"));
        assertEquals(2, again.statusClass());
        assertFalse(n.complete());
    }

    @Test
    void requestAfterCompletionIsRefused() {
        LoginNegotiator n = negotiator();
        n.process(request(true, 0, 3, "InitiatorName=" + INITIATOR, "SessionType=Discovery", "AuthMethod=None"));
        assertTrue(n.complete());
        assertEquals(2, n.process(request(true, 1, 3)).statusClass());
    }

    @Test
    void loginThatNeverTransitsIsCutOff() {
        LoginNegotiator n = negotiator();
        n.process(request(false, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET, "AuthMethod=None"));
        LoginResponse r = null;
        for (int i = 1; i <= LoginNegotiator.MAX_LOGIN_REQUESTS && !n.failed(); i++) {
            r = n.process(request(false, 0, 1));
        }
        assertTrue(n.failed(), "the negotiator stops answering an endless login");
        assertEquals(LoginStatus.INITIATOR_ERROR, r.status());
    }

    @Test
    void nullRequestIsAnInitiatorErrorNotAnException() {
        LoginNegotiator n = negotiator();
        assertEquals(LoginStatus.INITIATOR_ERROR, n.process(null).status());
        assertTrue(n.failed());
    }

    @Test
    void catalogFailureBecomesATargetErrorNotAnException() {
        TargetCatalog broken = new TargetCatalog() {
            @Override
            public Optional<TargetEntry> find(String targetName) {
                throw new IllegalStateException("config reload in progress");
            }

            @Override
            public List<TargetEntry> all() {
                return List.of();
            }
        };
        LoginNegotiator n = new LoginNegotiator(broken, PORTAL, TargetLimits.defaults(), new SplittableRandom(1));
        LoginResponse r = n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET));
        assertEquals(LoginStatus.TARGET_ERROR, r.status());
        assertTrue(n.failed());
    }
}
