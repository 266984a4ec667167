package org.snaptarget.server;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.snaptarget.iscsi.login.TargetLimits;
import org.snaptarget.iscsi.pdu.LoginResponsePdu;
import org.snaptarget.iscsi.pdu.ScsiCommandPdu;
import org.snaptarget.iscsi.session.KeepAliveSettings;
import org.snaptarget.iscsi.testing.MemoryScsiDevice;
import org.snaptarget.iscsi.testing.NoLeaks;
import org.snaptarget.iscsi.testing.TestInitiator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole server over real loopback sockets: login, I/O, discovery, concurrency, reinstatement. */
@ExtendWith(NoLeaks.class)
class LoopbackServerTest {

    static final String TARGET = "iqn.2026-11.org.snaptarget:test";
    static final String INITIATOR = "iqn.2026-11.org.example:host";

    ExecutorService storage = Executors.newFixedThreadPool(2);
    MemoryScsiDevice device = new MemoryScsiDevice(8192, storage);
    TargetServer server;
    int port;

    @BeforeEach
    void start() throws InterruptedException {
        server = TargetServer.start(List.of(new PortalAddress("127.0.0.1", 0)),
                List.of(new TargetDefinition(TARGET, "test", Optional.empty(), Optional.empty(), Set.of(), device)),
                TargetLimits.defaults(), new KeepAliveSettings(Duration.ofSeconds(5), Duration.ofSeconds(30)), 2);
        port = server.portals().get(0).port();
    }

    @AfterEach
    void stop() {
        server.close();
        storage.shutdownNow();
    }

    TestInitiator login(long isid) throws Exception {
        TestInitiator t = TestInitiator.connect("127.0.0.1", port);
        LoginResponsePdu r = t.login(INITIATOR, TARGET, isid, 0, Map.of());
        assertEquals(0, r.statusClass(), "login status " + r.statusClass() + "/" + r.statusDetail());
        return t;
    }

    static byte[] pattern(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void loginWriteReadPingLogout() throws Exception {
        try (TestInitiator t = login(0x4000_0137_0001L)) {
            assertTrue(t.tsih() != 0);
            byte[] data = pattern(256 * 1024, 1);
            TestInitiator.Result w = t.write(0, 100, data, 512);
            assertEquals(0, w.status());
            TestInitiator.Result r = t.read(0, 100, data.length / 512, 512);
            assertEquals(0, r.status());
            assertArrayEquals(data, r.data());
            assertArrayEquals("hello".getBytes(), t.ping("hello".getBytes()));
            assertEquals(0, t.logout());
            assertTrue(t.awaitClose(2000));
        }
    }

    @Test
    void discoveryListsTheTargetWithItsPortal() throws Exception {
        try (TestInitiator t = TestInitiator.connect("127.0.0.1", port)) {
            LoginResponsePdu r = t.login(INITIATOR, null, 0x4000_0137_0002L, 0, Map.of());
            assertEquals(0, r.statusClass());
            String text = t.sendTargets("All");
            assertTrue(text.contains("TargetName=" + TARGET + "\0"), text);
            assertTrue(text.contains("TargetAddress=127.0.0.1:" + port + ",1\0"), text);
            assertEquals(0, t.logout());
        }
    }

    @Test
    void unknownTargetIsRefused() throws Exception {
        try (TestInitiator t = TestInitiator.connect("127.0.0.1", port)) {
            LoginResponsePdu r = t.login(INITIATOR, "iqn.2026-11.org.snaptarget:nothing", 1, 0, Map.of());
            assertEquals(2, r.statusClass());
            assertTrue(t.awaitClose(2000));
        }
    }

    @Test
    void loginNamingAnUnknownTsihFailsWithSessionDoesNotExist() throws Exception {
        try (TestInitiator t = TestInitiator.connect("127.0.0.1", port)) {
            LoginResponsePdu r = t.login(INITIATOR, TARGET, 0x4000_0137_0003L, 0x7777, Map.of());
            assertEquals(2, r.statusClass());
            assertEquals(0x0a, r.statusDetail());
        }
    }

    @Test
    void eightConcurrentSessionsDoVerifiedIo() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                final int session = s;
                results.add(pool.submit(() -> {
                    int verified = 0;
                    try (TestInitiator t = login(0x4000_0137_1000L + session)) {
                        Random random = new Random(session);
                        for (int i = 0; i < 40; i++) {
                            int blocks = 1 + random.nextInt(256);
                            int lba = session * 1024 + random.nextInt(1024 - blocks);
                            byte[] data = pattern(blocks * 512, session * 1000L + i);
                            assertEquals(0, t.write(0, lba, data, 512).status());
                            TestInitiator.Result r = t.read(0, lba, blocks, 512);
                            assertArrayEquals(data, r.data(), "session " + session + " op " + i);
                            verified++;
                        }
                        assertEquals(0, t.logout());
                    }
                    return verified;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(40, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void droppedConnectionMidWriteIsCleanedUpAndReloginReinstates() throws Exception {
        long isid = 0x0002_3d00_0001L;
        TestInitiator first = login(isid);
        int firstTsih = first.tsih();
        // a write that waits for R2T-solicited data, then the TCP connection drops
        first.channel().writeAndFlush(new ScsiCommandPdu(false, true, false, true, 1, 0, 99, 1024 * 1024, 0, 1,
                TestInitiator.cdb10(0x2a, 0, 2048), -1, Unpooled.wrappedBuffer(new byte[8192])));
        first.next().release(); // the first R2T
        first.close();
        waitFor(() -> device.lost.size() == 1);
        try (TestInitiator second = login(isid)) {
            assertTrue(second.tsih() != 0);
            byte[] data = pattern(4096, 9);
            assertEquals(0, second.write(0, 0, data, 512).status());
            assertArrayEquals(data, second.read(0, 0, 8, 512).data());
            assertEquals(1, server.sessions().size());
            assertTrue(device.seen.stream().noneMatch(c -> c.taskTag() == 99), "the half-written command never ran");
            assertTrue(firstTsih != 0);
        }
    }

    @Test
    void loginWithTheSameIsidWhileConnectedReinstatesTheSession() throws Exception {
        long isid = 0x4000_0137_2000L;
        TestInitiator old = login(isid);
        device.hold(true);
        old.channel().writeAndFlush(new ScsiCommandPdu(false, true, true, false, 1, 0, 7, 512, 0, 1,
                TestInitiator.cdb10(0x28, 0, 1), -1, Unpooled.EMPTY_BUFFER));
        waitFor(() -> device.seen.size() == 1);
        try (TestInitiator fresh = login(isid)) {
            assertEquals(1, device.lost.size(), "the old nexus was released before the new login completed");
            device.hold(false);
            device.release();
            assertTrue(old.awaitClose(3000), "the old session's connection is closed");
            assertArrayEquals("x".getBytes(StandardCharsets.US_ASCII), fresh.ping("x".getBytes()));
            waitFor(() -> server.sessions().size() == 1);
        } finally {
            old.close();
        }
    }

    @Test
    void reconnectNamingTheLiveTsihContinuesTheSessionOnTheNewConnection() throws Exception {
        long isid = 0x4000_0137_6000L;
        TestInitiator old = login(isid);
        int tsih = old.tsih();
        try (TestInitiator again = TestInitiator.connect("127.0.0.1", port)) {
            LoginResponsePdu r = again.login(INITIATOR, TARGET, isid, tsih, Map.of());
            assertEquals(0, r.statusClass());
            assertEquals(tsih, again.tsih(), "the session keeps its TSIH");
            assertTrue(old.awaitClose(3000), "the previous connection is closed (ERL 0: its tasks are gone)");
            assertArrayEquals("y".getBytes(), again.ping("y".getBytes()));
        } finally {
            old.close();
        }
        try (TestInitiator stranger = TestInitiator.connect("127.0.0.1", port)) {
            LoginResponsePdu r = stranger.login("iqn.2026-11.org.example:other", TARGET, isid, tsih, Map.of());
            assertEquals(2, r.statusClass(), "a TSIH belongs to its initiator and ISID");
            assertEquals(0x0a, r.statusDetail());
        }
    }

    @Test
    void wildcardPortalAnnouncesTheAddressTheInitiatorReached() throws Exception {
        try (TargetServer any = TargetServer.start(List.of(new PortalAddress("0.0.0.0", 0)),
                List.of(new TargetDefinition(TARGET, "", Optional.empty(), Optional.empty(), Set.of(), device)),
                TargetLimits.defaults(), KeepAliveSettings.defaults(), 1);
             TestInitiator t = TestInitiator.connect("127.0.0.1", any.portals().get(0).port())) {
            assertEquals(0, t.login(INITIATOR, null, 8, 0, Map.of()).statusClass());
            String text = t.sendTargets("All");
            assertTrue(text.contains("TargetAddress=127.0.0.1:" + any.portals().get(0).port() + ",1\0"), text);
        }
    }

    @Test
    void headerAndDataDigestsWorkEndToEnd() throws Exception {
        try (TestInitiator t = TestInitiator.connect("127.0.0.1", port)) {
            LoginResponsePdu r = t.login(INITIATOR, TARGET, 0x4000_0137_3000L, 0,
                    Map.of("HeaderDigest", "CRC32C", "DataDigest", "CRC32C"));
            assertEquals(0, r.statusClass());
            assertEquals("CRC32C", t.negotiated().get("HeaderDigest"));
            assertEquals("CRC32C", t.negotiated().get("DataDigest"));
            byte[] data = pattern(200 * 1024, 3);
            assertEquals(0, t.write(0, 0, data, 512).status());
            assertArrayEquals(data, t.read(0, 0, data.length / 512, 512).data());
            assertEquals(0, t.logout());
        }
    }

    @Test
    void severalPortalsAndTargetsWithAnAcl() throws Exception {
        MemoryScsiDevice second = new MemoryScsiDevice(64, storage);
        String other = "iqn.2026-11.org.snaptarget:other";
        try (TargetServer two = TargetServer.start(
                List.of(new PortalAddress("127.0.0.1", 0), new PortalAddress("127.0.0.1", 0)),
                List.of(new TargetDefinition(TARGET, "", Optional.empty(), Optional.empty(), Set.of(), device),
                        new TargetDefinition(other, "", Optional.empty(), Optional.empty(),
                                Set.of("iqn.2026-11.org.example:allowed"), second)),
                TargetLimits.defaults(), KeepAliveSettings.defaults(), 1)) {
            int p1 = two.portals().get(0).port();
            int p2 = two.portals().get(1).port();
            assertEquals(2, two.portals().get(1).tpgt());
            try (TestInitiator t = TestInitiator.connect("127.0.0.1", p2)) {
                assertEquals(0, t.login(INITIATOR, null, 5, 0, Map.of()).statusClass());
                String text = t.sendTargets("All");
                assertTrue(text.contains("TargetName=" + TARGET + "\0"), text);
                assertTrue(text.contains("TargetAddress=127.0.0.1:" + p1 + ",1\0"), text);
                assertTrue(text.contains("TargetAddress=127.0.0.1:" + p2 + ",2\0"), text);
                assertTrue(!text.contains(other), "the ACL hides the other target from this initiator: " + text);
            }
            try (TestInitiator t = TestInitiator.connect("127.0.0.1", p1)) {
                LoginResponsePdu refused = t.login(INITIATOR, other, 6, 0, Map.of());
                assertEquals(2, refused.statusClass(), "initiator outside the ACL");
            }
            try (TestInitiator t = TestInitiator.connect("127.0.0.1", p2)) {
                assertEquals(0, t.login("iqn.2026-11.org.example:allowed", other, 7, 0, Map.of()).statusClass());
                byte[] data = pattern(4096, 11);
                assertEquals(0, t.write(0, 0, data, 512).status());
                assertArrayEquals(data, t.read(0, 0, 8, 512).data());
                assertTrue(Arrays.equals(data, Arrays.copyOf(second.disk(), 4096)), "written to the second target's device");
            }
        }
    }

    @Test
    void randomPdusOnOtherConnectionsDoNotDisturbAGoodSession() throws Exception {
        try (TestInitiator good = login(0x4000_0137_4000L)) {
            Random random = new Random(42);
            for (int c = 0; c < 40; c++) {
                try (TestInitiator bad = c % 2 == 0 ? TestInitiator.connect("127.0.0.1", port)
                        : login(0x4000_0137_5000L + c)) {
                    for (int i = 0; i < 50; i++) {
                        byte[] header = new byte[48];
                        random.nextBytes(header);
                        header[4] = 0;
                        header[5] = 0;
                        header[6] = 0;
                        header[7] = (byte) (random.nextInt(8) * 4);
                        bad.sendRaw(Unpooled.wrappedBuffer(header, new byte[header[7] & 0xff]));
                    }
                }
                byte[] data = pattern(8192, c);
                assertEquals(0, good.write(0, 2048 + c * 16, data, 512).status());
                assertArrayEquals(data, good.read(0, 2048 + c * 16, 16, 512).data());
            }
            assertEquals(0, good.logout());
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), "condition not reached in 5 s");
    }
}
