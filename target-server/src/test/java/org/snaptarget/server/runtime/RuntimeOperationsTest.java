package org.snaptarget.server.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.admin.AdminException;
import org.snaptarget.admin.LunView;
import org.snaptarget.admin.SnapshotView;
import org.snaptarget.admin.StatusView;
import org.snaptarget.config.ConfigLoader;
import org.snaptarget.config.SnapTargetConfig;
import org.snaptarget.iscsi.pdu.LoginResponsePdu;
import org.snaptarget.iscsi.testing.TestInitiator;
import org.snaptarget.scsi.LunAddress;

/** Runtime operations seen by a host over loopback iSCSI, their refusals, and restarts. */
class RuntimeOperationsTest {

    static final String INITIATOR = "iqn.2026-11.org.example:host";
    static final String TARGET = TestConfigs.TARGET;
    static final int CHUNK = 64 * 1024;

    @TempDir
    Path dir;
    ServerRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    SnapTargetConfig config(int warnAt) {
        return TestConfigs.config(dir, TestConfigs.pool(dir, "p", 4L << 20, 8L << 20, CHUNK, warnAt, List.of()),
                List.of(TestConfigs.origin(0)));
    }

    TestInitiator login(long isid) throws Exception {
        TestInitiator t = TestInitiator.connect("127.0.0.1", runtime.portals().get(0).port());
        LoginResponsePdu r = t.login(INITIATOR, TARGET, isid, 0, Map.of());
        assertEquals(0, r.statusClass(), "login status " + r.statusClass() + "/" + r.statusDetail());
        return t;
    }

    static int[] sense(TestInitiator.Result r) {
        assertEquals(0x02, r.status(), "CHECK CONDITION expected");
        return new int[] {r.sense()[2] & 0x0F, r.sense()[12] & 0xFF, r.sense()[13] & 0xFF};
    }

    static TestInitiator.Result read(TestInitiator t, int lun, int lba, int blocks) throws Exception {
        return t.read(LunAddress.encode(lun), lba, blocks, 512);
    }

    static TestInitiator.Result write(TestInitiator t, int lun, int lba, byte[] data) throws Exception {
        return t.write(LunAddress.encode(lun), lba, data, 512);
    }

    /** Consumes the power-on unit attention of a fresh nexus. */
    static void admit(TestInitiator t, int lun) throws Exception {
        TestInitiator.Result first = read(t, lun, 0, 1);
        assertEquals(List.of(0x06, 0x29, 0x00), List.of(sense(first)[0], sense(first)[1], sense(first)[2]));
        assertEquals(0, read(t, lun, 0, 1).status());
    }

    static byte[] pattern(int length, long seed) {
        byte[] b = new byte[length];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void passingTheSoftThresholdRaises38h07hOnceAndShowsInStatusAndMetrics() throws Exception {
        runtime = ServerRuntime.start(config(10), null);
        try (TestInitiator t = login(0x4000_0137_0001L)) {
            admit(t, 0);
            runtime.createSnapshot("p", "s", null, true);
            assertFalse(runtime.status().pools().get(0).softThresholdReached());
            assertEquals(0, write(t, 0, 0, pattern(1 << 20, 1)).status(), "copy-outs of 16 chunks fit");
            awaitSoftThreshold(runtime.poolRuntime("p"));
            int[] attention = sense(read(t, 0, 0, 1));
            assertArrayEquals(new int[] {0x06, 0x38, 0x07}, attention);
            assertEquals(0, read(t, 0, 0, 1).status(), "reported once");
            assertEquals(0, write(t, 0, 4096, pattern(1 << 20, 2)).status());
            Thread.sleep(2 * ServerRuntime.USAGE_SAMPLE_MILLIS + 200);
            assertEquals(0, read(t, 0, 0, 1).status(), "not raised again while still above the threshold");
            StatusView.PoolView pool = runtime.status().pools().get(0);
            assertTrue(pool.softThresholdReached());
            assertEquals(10, pool.warnAtPercent());
            assertTrue(runtime.metrics().contains("snaptarget_pool_soft_threshold_reached{pool=\"p\"} 1\n"),
                    runtime.metrics());
        }
    }

    /** The usage monitor samples written pools about once a second. */
    static void awaitSoftThreshold(PoolRuntime pool) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!pool.softThresholdReached()) {
            assertTrue(System.nanoTime() < deadline, "the usage monitor never noticed the threshold");
            Thread.sleep(20);
        }
    }

    @Test
    void lunsComingAndGoingRaiseReportedLunsDataHasChanged() throws Exception {
        runtime = ServerRuntime.start(config(80), null);
        try (TestInitiator t = login(0x4000_0137_0002L)) {
            admit(t, 0);
            List<StatusView.SessionView> sessions = runtime.status().sessions();
            assertEquals(1, sessions.size());
            assertEquals(INITIATOR, sessions.get(0).initiator());
            assertEquals("400001370002", sessions.get(0).isid());
            assertEquals(TARGET, sessions.get(0).target());
            assertTrue(sessions.get(0).remoteAddress().startsWith("127.0.0.1:"), sessions.get(0).remoteAddress());
            assertTrue(runtime.metrics().contains("snaptarget_sessions 1\n"));
            runtime.addLun(TARGET, 7, "p", null, true);
            assertArrayEquals(new int[] {0x06, 0x3F, 0x0E}, sense(read(t, 0, 0, 1)));
            assertEquals(0, read(t, 0, 0, 1).status());
            runtime.removeLun(TARGET, 7);
            assertArrayEquals(new int[] {0x06, 0x3F, 0x0E}, sense(read(t, 0, 0, 1)));
            assertArrayEquals(new int[] {0x05, 0x25, 0x00}, sense(read(t, 7, 0, 1)), "LUN 7 is gone");
        }
    }

    @Test
    void writableSnapshotsAndSnapshotsOfSnapshotsKeepTheirOwnData() throws Exception {
        runtime = ServerRuntime.start(config(80), null);
        byte[] a = pattern(CHUNK, 1);
        byte[] b = pattern(CHUNK, 2);
        byte[] c = pattern(CHUNK, 3);
        try (TestInitiator t = login(0x4000_0137_0003L)) {
            admit(t, 0);
            assertEquals(0, write(t, 0, 0, a).status());
            SnapshotView snap = runtime.createSnapshot("p", "w", null, false);
            assertFalse(snap.readOnly());
            assertEquals(0, write(t, 0, 0, b).status());
            runtime.addLun(TARGET, 1, "p", "w", false);
            admit(t, 1);
            assertArrayEquals(a, read(t, 1, 0, CHUNK / 512).data());
            assertEquals(0, write(t, 1, 0, c).status());
            assertArrayEquals(c, read(t, 1, 0, CHUNK / 512).data());
            SnapshotView child = runtime.createSnapshot("p", "w-child", "w", true);
            assertEquals("w", child.parent());
            runtime.addLun(TARGET, 2, "p", "w-child", false);
            admit(t, 2);
            assertArrayEquals(c, read(t, 2, 0, CHUNK / 512).data());
            assertArrayEquals(new int[] {0x07, 0x27, 0x00}, sense(write(t, 2, 0, a)), "a read-only snapshot");
            assertArrayEquals(new int[] {0x06, 0x3F, 0x0E}, sense(read(t, 0, 0, 1)));
            assertArrayEquals(b, read(t, 0, 0, CHUNK / 512).data());
        }
        List<SnapshotView> list = runtime.listSnapshots("p");
        assertEquals(List.of("w", "w-child"), list.stream().map(SnapshotView::name).sorted().toList());
        SnapshotView w = list.stream().filter(s -> s.name().equals("w")).findFirst().orElseThrow();
        assertEquals(List.of(TARGET + "/1"), w.exportedAs());
        assertFalse(w.scheduled());
        assertNotEquals(w.id(), list.stream().filter(s -> s.name().equals("w-child")).findFirst().orElseThrow().id());
    }

    @Test
    void badRequestsAreRefusedWithTheirKindAndACulprit() throws Exception {
        runtime = ServerRuntime.start(config(80), null);
        runtime.createSnapshot("p", "s", null, false);
        assertKind(AdminException.Kind.CONFLICT, "'s'", () -> runtime.createSnapshot("p", "s", null, false));
        assertKind(AdminException.Kind.NOT_FOUND, "'nope'", () -> runtime.createSnapshot("nope", "x", null, false));
        assertKind(AdminException.Kind.NOT_FOUND, "'ghost'", () -> runtime.createSnapshot("p", "x", "ghost", false));
        assertKind(AdminException.Kind.INVALID, "snapshot name", () -> runtime.createSnapshot("p", "bad name", null, false));
        assertKind(AdminException.Kind.NOT_FOUND, "'ghost'", () -> runtime.deleteSnapshot("p", "ghost"));
        assertKind(AdminException.Kind.CONFLICT, "LUN 0", () -> runtime.addLun(TARGET, 0, "p", "s", false));
        assertKind(AdminException.Kind.NOT_FOUND, "'ghost'", () -> runtime.addLun(TARGET, 1, "p", "ghost", false));
        assertKind(AdminException.Kind.NOT_FOUND, "'iqn.2026-11.x:y'", () -> runtime.addLun("iqn.2026-11.x:y", 1, "p", null, false));
        assertKind(AdminException.Kind.INVALID, "16384", () -> runtime.addLun(TARGET, 16384, "p", null, false));
        assertKind(AdminException.Kind.NOT_FOUND, "LUN 9", () -> runtime.removeLun(TARGET, 9));
        assertEquals(1, runtime.status().luns().size(), "nothing refused left a trace");
    }

    static void assertKind(AdminException.Kind kind, String culprit, org.junit.jupiter.api.function.Executable call) {
        AdminException e = assertThrows(AdminException.class, call);
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(culprit), "'" + e.getMessage() + "' does not name " + culprit);
    }

    @Test
    void aConfigLunNamingAMissingSnapshotIsReportedAtItsPosition() throws Exception {
        Path file = dir.resolve("snaptarget.yaml");
        Files.writeString(file, """
                dataDir: data
                portals: ["127.0.0.1:0"]
                admin: { listen: "127.0.0.1:0" }
                pools:
                  - name: p
                    origin: { path: p.origin, size: 4MiB }
                    store: { path: p.store, size: 8MiB }
                targets:
                  - iqn: iqn.2026-11.org.snaptarget:t1
                    luns:
                      - { lun: 0, pool: p }
                      - { lun: 1, pool: p, snapshot: nightly }
                """);
        SnapTargetConfig config = ConfigLoader.load(file).orThrow();
        StartupException e = assertThrows(StartupException.class, () -> ServerRuntime.start(config, file));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith(file + ":12:"), e.problems().get(0));
        assertTrue(e.problems().get(0).contains("'nightly'"), e.problems().get(0));
        assertTrue(Files.exists(dir.resolve("data/p.store")), "the pool was formatted before the check");
    }

    @Test
    void aConfigLunRemovedAtRunTimeMayNameASnapshotDeletedSince() throws Exception {
        Path file = dir.resolve("snaptarget.yaml");
        String yaml = """
                dataDir: data
                portals: ["127.0.0.1:0"]
                admin: { listen: "127.0.0.1:0" }
                pools:
                  - name: p
                    origin: { path: p.origin, size: 4MiB }
                    store: { path: p.store, size: 8MiB }
                targets:
                  - iqn: iqn.2026-11.org.snaptarget:t1
                    luns:
                      - { lun: 0, pool: p }
                """;
        Files.writeString(file, yaml);
        runtime = ServerRuntime.start(ConfigLoader.load(file).orThrow(), file);
        runtime.createSnapshot("p", "nightly", null, true);
        runtime.close();
        Files.writeString(file, yaml + "      - { lun: 1, pool: p, snapshot: nightly }\n");
        runtime = ServerRuntime.start(ConfigLoader.load(file).orThrow(), file);
        assertEquals(2, runtime.status().luns().size());
        runtime.removeLun(TARGET, 1);
        runtime.deleteSnapshot("p", "nightly");
        runtime.close();
        runtime = ServerRuntime.start(ConfigLoader.load(file).orThrow(), file);
        assertEquals(List.of(0), runtime.status().luns().stream().map(LunView::lun).toList());
    }

    @Test
    void reservationsNaaSerialAndLunNumbersSurviveARestart() throws Exception {
        runtime = ServerRuntime.start(config(80), null);
        runtime.createSnapshot("p", "s", null, false);
        runtime.addLun(TARGET, 4, "p", "s", false);
        long key = 0x1122_3344_5566_7788L;
        try (TestInitiator t = login(0x4000_0137_0004L)) {
            admit(t, 4);
            byte[] params = new byte[24];
            java.nio.ByteBuffer.wrap(params).putLong(8, key);
            params[20] = 0x01; // APTPL
            TestInitiator.Result r = t.command(LunAddress.encode(4), proutRegister(params.length), params.length, false,
                    params);
            assertEquals(0, r.status(), "PERSISTENT RESERVE OUT REGISTER with APTPL");
        }
        List<LunView> before = runtime.status().luns();
        var prFile = runtime.device(TARGET, 4).reservationFile().orElseThrow();
        assertTrue(prFile.startsWith(dir.resolve("reservations")), prFile.toString());
        assertNotEquals(prFile, runtime.device(TARGET, 0).reservationFile().orElseThrow());
        runtime.close();
        runtime = ServerRuntime.start(config(80), null);
        assertEquals(before, runtime.status().luns());
        try (TestInitiator t = login(0x4000_0137_0005L)) {
            admit(t, 4);
            TestInitiator.Result keys = t.command(LunAddress.encode(4), prinReadKeys(), 64, true, null);
            assertEquals(0, keys.status());
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(keys.data());
            assertEquals(8, b.getInt(4), "one registered key");
            assertEquals(key, b.getLong(8));
        }
    }

    static byte[] proutRegister(int length) {
        byte[] cdb = new byte[16];
        cdb[0] = 0x5F;
        cdb[1] = 0x00; // REGISTER
        cdb[8] = (byte) length;
        return cdb;
    }

    static byte[] prinReadKeys() {
        byte[] cdb = new byte[16];
        cdb[0] = 0x5E;
        cdb[1] = 0x00; // READ KEYS
        cdb[8] = 64;
        return cdb;
    }
}
