package org.snaptarget.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The configuration records login reads: portals, target entries, limits, statuses. */
class TargetModelTest {

    @Test
    void targetAddressFormatsIpv4HostnameAndIpv6() {
        assertEquals("10.0.0.1:3260,1", new Portal("10.0.0.1", 3260, 1).targetAddress());
        assertEquals("san.example.com:3261,65535", new Portal("san.example.com", 3261, 65535).targetAddress());
        assertEquals("[2001:db8::7]:3260,2", new Portal("2001:db8::7", 3260, 2).targetAddress());
        assertEquals("[2001:db8::7]:3260,2", new Portal("[2001:db8::7]", 3260, 2).targetAddress());
    }

    @Test
    void portalRefusesOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> new Portal("h", 65536, 1));
        assertThrows(IllegalArgumentException.class, () -> new Portal("h", 3260, 65536));
        assertThrows(IllegalArgumentException.class, () -> new Portal("", 3260, 1));
    }

    @Test
    void wildcardPortalsAreRecognised() {
        assertTrue(new Portal("0.0.0.0", 3260, 1).isWildcard());
        assertTrue(new Portal("::", 3260, 1).isWildcard());
        assertTrue(new Portal("[::]", 3260, 1).isWildcard());
        assertFalse(new Portal("127.0.0.1", 3260, 1).isWildcard());
    }

    @Test
    void portalGroupTagPrefersTheExactPortalThenAWildcardThenTheDefault() {
        TargetEntry t = new TargetEntry("iqn.x:t", null, 9, List.of(new Portal("0.0.0.0", 3260, 2),
                new Portal("10.0.0.5", 3260, 3), new Portal("[fe80::5]", 3261, 4)),
                Optional.empty(), Optional.empty(), Set.of());
        assertEquals(3, t.portalGroupTagFor(new Portal("10.0.0.5", 3260, 1)));
        assertEquals(2, t.portalGroupTagFor(new Portal("127.0.0.1", 3260, 1)));
        assertEquals(4, t.portalGroupTagFor(new Portal("FE80::5", 3261, 1)));
        assertEquals(9, t.portalGroupTagFor(new Portal("127.0.0.1", 3999, 1)));
    }

    @Test
    void emptyAccessListAdmitsEveryone() {
        TargetEntry t = new TargetEntry("iqn.x:t", null, 1, List.of(), Optional.empty(), Optional.empty(), Set.of());
        assertTrue(t.admits("iqn.anyone:host"));
    }

    @Test
    void accessListAdmitsOnlyListedNamesIgnoringCase() {
        TargetEntry t = new TargetEntry("iqn.x:t", null, 1, List.of(), Optional.empty(), Optional.empty(),
                Set.of("IQN.1998-01.com.vmware:Host-1"));
        assertTrue(t.admits("iqn.1998-01.com.vmware:host-1"));
        assertFalse(t.admits("iqn.1998-01.com.vmware:host-2"));
        assertFalse(t.admits(null));
    }

    @Test
    void sameSecretInBothChapDirectionsIsRefused() {
        ChapSecret a = new ChapSecret("a", "same-secret-123");
        ChapSecret b = new ChapSecret("b", "same-secret-123");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TargetEntry("iqn.x:t",
                null, 1, List.of(), Optional.of(a), Optional.of(b), Set.of()));
        assertTrue(e.getMessage().contains("iqn.x:t"));
    }

    @Test
    void chapSecretNeverPrintsTheSecret() {
        assertFalse(new ChapSecret("alice", "hunter2hunter2").toString().contains("hunter2"));
    }

    @Test
    void limitsDefaultsMatchTheContract() {
        TargetLimits d = TargetLimits.defaults();
        assertEquals(262144, d.maxRecvDataSegmentLength());
        assertEquals(1048576, d.maxBurstLength());
        assertEquals(262144, d.firstBurstLength());
        assertEquals(16, d.maxOutstandingR2T());
        assertTrue(d.allowDigests());
    }

    @Test
    void limitsRefuseValuesNoNegotiationCouldProduce() {
        assertThrows(IllegalArgumentException.class, () -> new TargetLimits(511, 1048576, 262144, 16, true, 2, 20));
        assertThrows(IllegalArgumentException.class, () -> new TargetLimits(8192, 1 << 24, 262144, 16, true, 2, 20));
        assertThrows(IllegalArgumentException.class, () -> new TargetLimits(8192, 65536, 131072, 16, true, 2, 20));
        assertThrows(IllegalArgumentException.class, () -> new TargetLimits(8192, 65536, 65536, 0, true, 2, 20));
        assertThrows(IllegalArgumentException.class, () -> new TargetLimits(8192, 65536, 65536, 1, true, 3601, 20));
    }

    @Test
    void loginStatusCodesMatchRfc7143Table() {
        assertEquals(LoginStatus.SESSION_DOES_NOT_EXIST, LoginStatus.of(2, 0x0a));
        assertEquals(0x0b, LoginStatus.INVALID_DURING_LOGIN.detail());
        assertEquals(3, LoginStatus.OUT_OF_RESOURCES.statusClass());
        assertThrows(IllegalArgumentException.class, () -> LoginStatus.of(2, 0x0c));
    }

    @Test
    void loginRecordsCompareTextByContentAndPrintItReadably() {
        LoginRequest a = new LoginRequest(true, false, 0, 1, 0, 0, 0x400001370000L, 0, 1, 7, 1, 0,
                "CHAP_R=0x0011\0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        LoginRequest b = new LoginRequest(true, false, 0, 1, 0, 0, 0x400001370000L, 0, 1, 7, 1, 0,
                "CHAP_R=0x0011\0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals("LoginRequest[T=1 C=0 CSG=0 NSG=1 ISID=0x400001370000 TSIH=0 CID=1 ITT=0x00000007 CHAP_R=(6 chars)]",
                a.toString());
        LoginResponse r = new LoginResponse(2, 1, false, false, 0, 0, 0, 0, null);
        assertEquals(new LoginResponse(2, 1, false, false, 0, 0, 0, 0, new byte[0]), r);
        assertEquals("LoginResponse[02/01 T=0 C=0 CSG=0 NSG=0 ]", r.toString());
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, r.status());
    }
}
