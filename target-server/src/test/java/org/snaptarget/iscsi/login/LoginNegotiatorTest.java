package org.snaptarget.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.iscsi.login.LoginFixtures.*;

import java.util.Map;

import org.junit.jupiter.api.Test;

class LoginNegotiatorTest {

    @Test
    void normalSessionWithAuthMethodNonePassesThroughSecurityAndOperationalStages() {
        LoginNegotiator n = negotiator();
        LoginResponse sec = n.process(request(true, 0, 1, "InitiatorName=" + INITIATOR,
                "SessionType=Normal", "TargetName=" + OPEN_TARGET, "AuthMethod=None"));
        assertEquals(LoginStatus.SUCCESS, sec.status());
        assertTrue(sec.transit());
        assertEquals(0, sec.csg());
        assertEquals(1, sec.nsg());
        Map<String, String> k = keys(sec);
        assertEquals("None", k.get("AuthMethod"));
        assertEquals("1", k.get("TargetPortalGroupTag"));
        assertEquals("Open Disk", k.get("TargetAlias"));
        assertFalse(n.complete());

        LoginResponse op = n.process(request(true, 1, 3, "HeaderDigest=None", "DataDigest=None",
                "MaxRecvDataSegmentLength=262144", "InitialR2T=No", "ImmediateData=Yes",
                "MaxBurstLength=16776192", "FirstBurstLength=262144", "MaxOutstandingR2T=1",
                "MaxConnections=1", "ErrorRecoveryLevel=0", "DefaultTime2Wait=2", "DefaultTime2Retain=0"));
        assertEquals(LoginStatus.SUCCESS, op.status());
        assertTrue(op.transit());
        assertEquals(3, op.nsg());
        Map<String, String> o = keys(op);
        assertEquals("None", o.get("HeaderDigest"));
        assertEquals("No", o.get("InitialR2T"));
        assertEquals("1048576", o.get("MaxBurstLength"));
        assertEquals("262144", o.get("FirstBurstLength"));
        assertEquals("262144", o.get("MaxRecvDataSegmentLength"));
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
    }
}
