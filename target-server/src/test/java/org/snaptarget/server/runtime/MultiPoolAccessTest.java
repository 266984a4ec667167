package org.snaptarget.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.admin.LunView;
import org.snaptarget.config.AdminSpec;
import org.snaptarget.config.HostPort;
import org.snaptarget.config.Iqn;
import org.snaptarget.config.LunSpec;
import org.snaptarget.config.PoolSpec;
import org.snaptarget.config.SnapTargetConfig;
import org.snaptarget.config.TargetSpec;
import org.snaptarget.iscsi.testing.TestInitiator;

/** Several pools and targets, initiator ACLs, and a pool whose files disagree with the configuration. */
class MultiPoolAccessTest {

    static final String ALLOWED = "iqn.2026-11.org.example:allowed";
    static final String T1 = "iqn.2026-11.org.snaptarget:one";
    static final String T2 = "iqn.2026-11.org.snaptarget:two";

    @TempDir
    Path dir;

    SnapTargetConfig config(long originA) {
        PoolSpec a = TestConfigs.pool(dir, "a", originA, 8L << 20, 65536, 80, List.of());
        PoolSpec b = TestConfigs.pool(dir, "b", 8L << 20, 8L << 20, 65536, 80, List.of());
        TargetSpec one = new TargetSpec(new Iqn(T1), Optional.of("first"), Optional.empty(), Optional.empty(),
                List.of(new Iqn(ALLOWED)), List.of(new LunSpec(0, "a", Optional.empty(), false),
                        new LunSpec(1, "b", Optional.empty(), true)));
        TargetSpec two = new TargetSpec(new Iqn(T2), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                List.of(new LunSpec(0, "b", Optional.empty(), false)));
        return new SnapTargetConfig(dir, List.of(new HostPort("127.0.0.1", 0)), new AdminSpec(new HostPort("127.0.0.1", 0)),
                List.of(a, b), List.of(one, two));
    }

    @Test
    void targetsExportLunsOfSeveralPoolsAndAdmitOnlyListedInitiators() throws Exception {
        try (ServerRuntime runtime = ServerRuntime.start(config(4L << 20), null)) {
            int port = runtime.portals().get(0).port();
            try (TestInitiator t = TestInitiator.connect("127.0.0.1", port)) {
                assertEquals(0, t.login(ALLOWED, T1, 0x4000_0137_0001L, 0, Map.of()).statusClass());
            }
            try (TestInitiator t = TestInitiator.connect("127.0.0.1", port)) {
                assertEquals(2, t.login("iqn.2026-11.org.example:stranger", T1, 0x4000_0137_0002L, 0, Map.of())
                        .statusClass(), "an initiator outside the ACL is refused");
            }
            try (TestInitiator t = TestInitiator.connect("127.0.0.1", port)) {
                assertEquals(0, t.login("iqn.2026-11.org.example:stranger", T2, 0x4000_0137_0003L, 0, Map.of())
                        .statusClass(), "a target without ACL admits everyone");
            }
            List<LunView> luns = runtime.status().luns();
            assertEquals(3, luns.size());
            LunView bOnOne = luns.stream().filter(l -> l.target().equals(T1) && l.lun() == 1).findFirst().orElseThrow();
            LunView bOnTwo = luns.stream().filter(l -> l.target().equals(T2)).findFirst().orElseThrow();
            assertTrue(bOnOne.readOnly());
            assertEquals(bOnOne.naa(), bOnTwo.naa(), "one device, one identity, whichever target exports it");
            LunView aOnOne = luns.stream().filter(l -> l.target().equals(T1) && l.lun() == 0).findFirst().orElseThrow();
            assertNotEquals(aOnOne.naa(), bOnOne.naa());
            assertEquals(2, runtime.status().pools().size());
        }
    }

    @Test
    void aPoolWhoseFilesDisagreeWithTheConfigurationStopsTheStartNamingIt() throws Exception {
        ServerRuntime.start(config(4L << 20), null).close();
        StartupException e = assertThrows(StartupException.class, () -> ServerRuntime.start(config(2L << 20), null));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("pool a: origin size"), e.problems().get(0));
    }
}
