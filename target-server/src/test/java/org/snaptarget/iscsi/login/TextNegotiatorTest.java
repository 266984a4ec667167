package org.snaptarget.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.iscsi.login.LoginFixtures.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** SendTargets (RFC 7143 Appendix C) and full-feature text keys, checked against byte fixtures. */
class TextNegotiatorTest {

    private static final NegotiatedSession DISCOVERY = new NegotiatedSession(SessionType.DISCOVERY, INITIATOR, null,
            null, 1L, SessionParameters.rfcDefaults());

    private static NegotiatedSession normal(String target) {
        return new NegotiatedSession(SessionType.NORMAL, INITIATOR, null, catalog().find(target).orElseThrow(), 1L,
                SessionParameters.rfcDefaults());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void discoveryAllListsEveryTargetTheInitiatorMaySee() {
        TextNegotiator t = new TextNegotiator(catalog(), PORTAL, DISCOVERY);
        byte[] expected = bytes(
                "TargetName=iqn.2026-11.org.snaptarget:open\0"
                + "TargetAddress=127.0.0.1:3260,1\0"
                + "TargetName=iqn.2026-11.org.snaptarget:chap\0"
                + "TargetAddress=127.0.0.1:3260,1\0"
                + "TargetName=iqn.2026-11.org.snaptarget:mutual\0"
                + "TargetAddress=127.0.0.1:3260,1\0");
        // the ACL target admits only the Microsoft host, so it is absent
        assertArrayEquals(expected, t.respond(bytes("SendTargets=All\0")));
        assertNull(t.lastError());
    }

    @Test
    void discoveryAllIncludesAclTargetForAnAdmittedInitiator() {
        NegotiatedSession ms = new NegotiatedSession(SessionType.DISCOVERY, "iqn.1991-05.com.microsoft:allowed-host",
                null, null, 1L, SessionParameters.rfcDefaults());
        String answer = new String(new TextNegotiator(catalog(), PORTAL, ms).respond(bytes("SendTargets=All\0")),
                StandardCharsets.UTF_8);
        assertTrue(answer.endsWith("TargetName=iqn.2026-11.org.snaptarget:acl\0TargetAddress=127.0.0.1:3260,1\0"), answer);
    }

    @Test
    void everyPortalIsASeparateTargetAddressPairWithIpv6InBrackets() {
        TargetEntry multi = new TargetEntry("iqn.2026-11.org.snaptarget:multi", null, 1,
                List.of(new Portal("192.168.10.5", 3260, 1), new Portal("fe80::1", 3261, 2),
                        new Portal("0.0.0.0", 3262, 3)),
                Optional.empty(), Optional.empty(), Set.of());
        TextNegotiator t = new TextNegotiator(catalog(List.of(multi)), new Portal("10.1.1.1", 3262, 3), DISCOVERY);
        byte[] expected = bytes("TargetName=iqn.2026-11.org.snaptarget:multi\0"
                + "TargetAddress=192.168.10.5:3260,1\0"
                + "TargetAddress=[fe80::1]:3261,2\0"
                + "TargetAddress=10.1.1.1:3262,3\0");   // wildcard replaced by the local portal's host
        assertArrayEquals(expected, t.respond(bytes("SendTargets=All\0")));
    }

    @Test
    void targetWithoutPortalsIsListedAtTheLocalPortal() {
        TargetEntry bare = new TargetEntry("iqn.2026-11.org.snaptarget:bare", null, 7, List.of(),
                Optional.empty(), Optional.empty(), Set.of());
        TextNegotiator t = new TextNegotiator(catalog(List.of(bare)), PORTAL, DISCOVERY);
        assertArrayEquals(bytes("TargetName=iqn.2026-11.org.snaptarget:bare\0TargetAddress=127.0.0.1:3260,7\0"),
                t.respond(bytes("SendTargets=All\0")));
    }

    @Test
    void emptyValueInANormalSessionListsItsOwnTarget() {
        TextNegotiator t = new TextNegotiator(catalog(), PORTAL, normal(CHAP_TARGET));
        assertArrayEquals(bytes("TargetName=iqn.2026-11.org.snaptarget:chap\0TargetAddress=127.0.0.1:3260,1\0"),
                t.respond(bytes("SendTargets=\0")));
    }

    @Test
    void allInANormalSessionListsOnlyItsOwnTarget() {
        TextNegotiator t = new TextNegotiator(catalog(), PORTAL, normal(OPEN_TARGET));
        assertArrayEquals(bytes("TargetName=iqn.2026-11.org.snaptarget:open\0TargetAddress=127.0.0.1:3260,1\0"),
                t.respond(bytes("SendTargets=All\0")));
    }

    @Test
    void namedTargetIsListedOnlyIfItExistsAndAdmitsTheInitiator() {
        TextNegotiator t = new TextNegotiator(catalog(), PORTAL, DISCOVERY);
        assertArrayEquals(bytes("TargetName=iqn.2026-11.org.snaptarget:mutual\0TargetAddress=127.0.0.1:3260,1\0"),
                t.respond(bytes("SendTargets=" + MUTUAL_TARGET + "\0")));
        assertArrayEquals(new byte[0], t.respond(bytes("SendTargets=iqn.2026-11.org.snaptarget:nosuch\0")));
        assertArrayEquals(new byte[0], t.respond(bytes("SendTargets=" + ACL_TARGET + "\0")));
    }

    @Test
    void emptyValueInADiscoverySessionListsNothing() {
        assertArrayEquals(new byte[0], new TextNegotiator(catalog(), PORTAL, DISCOVERY).respond(bytes("SendTargets=\0")));
    }

    @Test
    void valuesThatAreNeitherAllNorANameAreRejected() {
        TextNegotiator t = new TextNegotiator(catalog(), PORTAL, normal(OPEN_TARGET));
        for (String v : List.of("Alle", "A", "aLL", "iqn.")) {
            assertArrayEquals(bytes("SendTargets=Reject\0"), t.respond(bytes("SendTargets=" + v + "\0")), v);
        }
    }

    @Test
    void misspelledOrMiscasedKeyIsNotUnderstood() {
        TextNegotiator t = new TextNegotiator(catalog(), PORTAL, normal(OPEN_TARGET));
        assertArrayEquals(bytes("SendTargetsPlease=NotUnderstood\0"), t.respond(bytes("SendTargetsPlease=All\0")));
        assertArrayEquals(bytes("sENDtARGETS=NotUnderstood\0"), t.respond(bytes("sENDtARGETS=aLL\0")));
        assertArrayEquals(bytes("X-com.example.Thing=NotUnderstood\0"), t.respond(bytes("X-com.example.Thing=1\0")));
    }

    @Test
    void loginOnlyKeysAreRejectedInFullFeaturePhase() {
        TextNegotiator t = new TextNegotiator(catalog(), PORTAL, normal(OPEN_TARGET));
        assertArrayEquals(bytes("MaxBurstLength=Reject\0HeaderDigest=Reject\0InitiatorName=Reject\0CHAP_A=Reject\0"),
                t.respond(bytes("MaxBurstLength=4096\0HeaderDigest=None\0InitiatorName=x\0CHAP_A=5\0")));
    }

    @Test
    void declarationsAreAcceptedWithoutAnswer() {
        TextNegotiator t = new TextNegotiator(catalog(), PORTAL, normal(OPEN_TARGET));
        assertEquals(OptionalInt.empty(), t.declaredMaxRecvDataSegmentLength());
        assertArrayEquals(new byte[0], t.respond(bytes("MaxRecvDataSegmentLength=65536\0InitiatorAlias=host\0")));
        assertEquals(OptionalInt.of(65536), t.declaredMaxRecvDataSegmentLength());
        assertArrayEquals(bytes("MaxRecvDataSegmentLength=Reject\0"), t.respond(bytes("MaxRecvDataSegmentLength=100\0")));
        assertEquals(OptionalInt.of(65536), t.declaredMaxRecvDataSegmentLength());
    }

    @Test
    void malformedTextGetsAnEmptyAnswerAndAReason() {
        TextNegotiator t = new TextNegotiator(catalog(), PORTAL, DISCOVERY);
        assertArrayEquals(new byte[0], t.respond(bytes("SendTargets=All")));
        assertNotNull(t.lastError());
        assertArrayEquals(new byte[0], t.respond(bytes("SendTargets=All\0SendTargets=All\0")));
        assertNotNull(t.lastError());
        t.respond(bytes("SendTargets=All\0"));
        assertNull(t.lastError());
    }

    @Test
    void emptyRequestGetsEmptyAnswer() {
        TextNegotiator t = new TextNegotiator(catalog(), PORTAL, DISCOVERY);
        assertArrayEquals(new byte[0], t.respond(new byte[0]));
        assertArrayEquals(new byte[0], t.respond(null));
        assertNull(t.lastError());
    }
}
