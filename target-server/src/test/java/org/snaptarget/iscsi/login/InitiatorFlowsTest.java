package org.snaptarget.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.iscsi.login.LoginFixtures.*;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The exact key sets the Linux (open-iscsi), VMware ESXi and Microsoft initiators send, and what
 * each needs back. Byte fixtures pin the answer's wire form.
 */
class InitiatorFlowsTest {

    @Test
    void firstNormalResponseBytesCarryAliasTagAndAuthMethod() {
        LoginResponse r = negotiator().process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "InitiatorAlias=host1", "SessionType=Normal", "TargetName=" + OPEN_TARGET, "AuthMethod=None"));
        byte[] expected = ("TargetAlias=Open Disk\0"
                + "TargetPortalGroupTag=1\0"
                + "AuthMethod=None\0").getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, r.text());
    }

    @Test
    void openIscsiDiscoveryGoesFromSecurityStraightToFullFeature() {
        LoginNegotiator n = negotiator();
        LoginResponse r = n.process(request(true, 0, 3, "InitiatorName=iqn.2004-10.com.ubuntu:01:5e1f2a",
                "InitiatorAlias=ubuntu", "SessionType=Discovery", "AuthMethod=None"));
        assertArrayEquals("AuthMethod=None\0".getBytes(StandardCharsets.UTF_8), r.text());
        assertTrue(r.transit());
        assertEquals(3, r.nsg());
        assertTrue(n.complete());
    }

    @Test
    void openIscsiNormalLoginGetsOnlyKeysItUnderstandsInTheOperationalStage() {
        LoginNegotiator n = negotiator();
        n.process(request(true, 0, 1, "InitiatorName=iqn.2004-10.com.ubuntu:01:5e1f2a", "InitiatorAlias=ubuntu",
                "TargetName=" + OPEN_TARGET, "SessionType=Normal", "AuthMethod=None"));
        LoginResponse op = n.process(request(true, 1, 3, "HeaderDigest=None", "DataDigest=None",
                "DefaultTime2Wait=2", "DefaultTime2Retain=0", "IFMarker=No", "OFMarker=No", "ErrorRecoveryLevel=0",
                "InitialR2T=No", "ImmediateData=Yes", "MaxBurstLength=16776192", "FirstBurstLength=262144",
                "MaxOutstandingR2T=1", "MaxConnections=1", "DataPDUInOrder=Yes", "DataSequenceInOrder=Yes",
                "MaxRecvDataSegmentLength=262144"));
        byte[] expected = ("HeaderDigest=None\0DataDigest=None\0DefaultTime2Wait=2\0DefaultTime2Retain=0\0"
                + "IFMarker=No\0OFMarker=No\0ErrorRecoveryLevel=0\0InitialR2T=No\0ImmediateData=Yes\0"
                + "MaxBurstLength=1048576\0FirstBurstLength=262144\0MaxOutstandingR2T=1\0MaxConnections=1\0"
                + "DataPDUInOrder=Yes\0DataSequenceInOrder=Yes\0MaxRecvDataSegmentLength=262144\0")
                .getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, op.text());
        assertTrue(n.complete());
    }

    @Test
    void openIscsiWithDigestsGetsCrc32cBothWays() {
        LoginNegotiator n = negotiator();
        n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET, "AuthMethod=None"));
        Map<String, String> k = keys(n.process(request(true, 1, 3, "HeaderDigest=CRC32C", "DataDigest=CRC32C")));
        assertEquals("CRC32C", k.get("HeaderDigest"));
        assertEquals("CRC32C", k.get("DataDigest"));
        assertTrue(n.session().parameters().headerDigest());
        assertTrue(n.session().parameters().dataDigest());
    }

    @Test
    void vmwareEsxiLoginNegotiatesItsBurstAndSegmentSizes() {
        LoginNegotiator n = negotiator();
        LoginResponse sec = n.process(request(true, 0, 1, "InitiatorName=iqn.1998-01.com.vmware:esx-01-1a2b3c4d",
                "SessionType=Normal", "TargetName=" + OPEN_TARGET, "AuthMethod=None"));
        assertEquals("1", keys(sec).get("TargetPortalGroupTag"));
        n.process(request(true, 1, 3, "HeaderDigest=None", "DataDigest=None", "ErrorRecoveryLevel=0",
                "InitialR2T=No", "ImmediateData=Yes", "MaxBurstLength=262144", "FirstBurstLength=262144",
                "MaxRecvDataSegmentLength=131072", "MaxOutstandingR2T=1", "MaxConnections=1",
                "DefaultTime2Wait=2", "DefaultTime2Retain=0", "DataPDUInOrder=Yes", "DataSequenceInOrder=Yes"));
        SessionParameters p = n.session().parameters();
        assertEquals(262144, p.maxBurstLength());
        assertEquals(262144, p.firstBurstLength());
        assertEquals(131072, p.initiatorMaxRecvDataSegmentLength());
        assertEquals(262144, p.targetMaxRecvDataSegmentLength());
        assertFalse(p.initialR2T());
        assertTrue(p.immediateData());
    }

    @Test
    void libiscsiResendsItsIdentityInTheOperationalStageAfterChap() throws Exception {
        LoginNegotiator n = negotiator();
        LoginResponse offer = n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "TargetName=" + CHAP_TARGET, "SessionType=Normal", "AuthMethod=CHAP,None"));
        assertEquals("CHAP", keys(offer).get("AuthMethod"));
        Map<String, String> c = keys(n.process(request(false, 0, 1, "CHAP_A=5")));
        byte[] challenge = ValueFormats.parseBinary(c.get("CHAP_C")).orElseThrow();
        byte[] r = ChapAlgorithm.MD5.response(Integer.parseInt(c.get("CHAP_I")),
                "alice-secret-12".getBytes(StandardCharsets.UTF_8), challenge);
        LoginResponse verdict = n.process(request(true, 0, 1, "CHAP_N=alice", "CHAP_R=" + ValueFormats.formatHex(r)));
        assertTrue(verdict.transit());
        LoginResponse op = n.process(request(true, 1, 3, "InitiatorName=" + INITIATOR, "TargetName=" + CHAP_TARGET,
                "SessionType=Normal", "HeaderDigest=None,CRC32C", "DataDigest=None", "MaxRecvDataSegmentLength=262144"));
        assertEquals(LoginStatus.SUCCESS, op.status(), n.failureReason());
        assertTrue(n.complete());
    }
}
