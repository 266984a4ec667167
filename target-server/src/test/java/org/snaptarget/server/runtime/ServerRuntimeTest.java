package org.snaptarget.server.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.admin.AdminException;
import org.snaptarget.admin.LunView;
import org.snaptarget.admin.SnapshotView;
import org.snaptarget.admin.StatusView;
import org.snaptarget.config.Size;
import org.snaptarget.config.SnapTargetConfig;
import org.snaptarget.iscsi.pdu.LoginResponsePdu;
import org.snaptarget.iscsi.testing.TestInitiator;
import org.snaptarget.scsi.LunAddress;

/** The runtime end to end over loopback iSCSI: snapshots, LUNs, refusals, persistence across restarts. */
class ServerRuntimeTest {

    static final String INITIATOR = "iqn.2026-11.org.example:host";
    static final String TARGET = EmbeddedDefault.TARGET;

    @TempDir
    Path dir;
    ServerRuntime runtime;

    static SnapTargetConfig config(Path dataDir) {
        return EmbeddedDefault.config(new EmbeddedDefault.Options(dataDir, List.of("127.0.0.1:0"), 4 * Size.MIB,
                TARGET, Optional.empty(), Optional.empty(), List.of(), false));
    }

    ServerRuntime start() throws Exception {
        runtime = ServerRuntime.start(config(dir), null);
        return runtime;
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    TestInitiator login(long isid) throws Exception {
        TestInitiator t = TestInitiator.connect("127.0.0.1", runtime.portals().get(0).port());
        LoginResponsePdu r = t.login(INITIATOR, TARGET, isid, 0, Map.of());
        assertEquals(0, r.statusClass(), "login status " + r.statusClass() + "/" + r.statusDetail());
        return t;
    }

    /** Reads, retrying once past unit attentions (power on, LUN inventory changed). */
    static TestInitiator.Result readPastAttentions(TestInitiator t, long lun, int lba, int blocks) throws Exception {
        for (int i = 0; i < 4; i++) {
            TestInitiator.Result r = t.read(LunAddress.encode(lun), lba, blocks, 512);
            if (r.status() == 0) {
                return r;
            }
            assertEquals(0x02, r.status(), "CHECK CONDITION expected");
            assertEquals(0x06, r.sense()[2] & 0x0F, "only unit attentions expected");
        }
        throw new AssertionError("unit attentions did not clear");
    }

    static TestInitiator.Result writePastAttentions(TestInitiator t, long lun, int lba, byte[] data) throws Exception {
        for (int i = 0; i < 4; i++) {
            TestInitiator.Result r = t.write(LunAddress.encode(lun), lba, data, 512);
            if (r.status() == 0) {
                return r;
            }
            assertEquals(0x06, r.sense()[2] & 0x0F, "only unit attentions expected");
        }
        throw new AssertionError("unit attentions did not clear");
    }

    static byte[] pattern(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void snapshotExportedAsLunReadsThePointInTimeWhileOriginMovesOn() throws Exception {
        start();
        byte[] a = pattern(128 * 1024, 1);
        byte[] b = pattern(128 * 1024, 2);
        try (TestInitiator t = login(0x4000_0137_0001L)) {
            writePastAttentions(t, 0, 8, a);
            runtime.createSnapshot("default", "before", null, false);
            writePastAttentions(t, 0, 8, b);
            LunView lun = runtime.addLun(TARGET, 1, "default", "before", false);
            assertEquals("before", lun.snapshot());
            assertArrayEquals(a, readPastAttentions(t, 1, 8, a.length / 512).data());
            assertArrayEquals(b, readPastAttentions(t, 0, 8, b.length / 512).data());
            byte[] c = pattern(64 * 1024, 3);
            writePastAttentions(t, 1, 8, c);
            assertArrayEquals(c, readPastAttentions(t, 1, 8, c.length / 512).data());
            assertArrayEquals(b, readPastAttentions(t, 0, 8, b.length / 512).data());
        }
    }

    @Test
    void deletingAnExportedSnapshotIsRefusedNamingTheLun() throws Exception {
        start();
        runtime.createSnapshot("default", "s1", null, true);
        runtime.addLun(TARGET, 3, "default", "s1", false);
        AdminException e = assertThrows(AdminException.class, () -> runtime.deleteSnapshot("default", "s1"));
        assertEquals(AdminException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains(TARGET + "/3"), e.getMessage());
        runtime.removeLun(TARGET, 3);
        runtime.deleteSnapshot("default", "s1");
        assertTrue(runtime.listSnapshots("default").isEmpty());
    }

    @Test
    void identitiesLunsAndSnapshotsSurviveARestart() throws Exception {
        start();
        runtime.createSnapshot("default", "keep", null, false);
        LunView added = runtime.addLun(TARGET, 5, "default", "keep", true);
        runtime.removeLun(TARGET, 0);
        runtime.close();
        runtime = ServerRuntime.start(config(dir), null);
        StatusView status = runtime.status();
        assertEquals(List.of(added), status.luns());
        List<SnapshotView> snaps = runtime.listSnapshots("default");
        assertEquals(1, snaps.size());
        assertEquals(List.of(TARGET + "/5"), snaps.get(0).exportedAs());
        LunView origin = runtime.addLun(TARGET, 0, "default", null, false);
        assertNotEquals(added.naa(), origin.naa());
    }
}
