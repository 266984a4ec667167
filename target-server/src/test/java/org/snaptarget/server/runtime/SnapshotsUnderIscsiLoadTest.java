package org.snaptarget.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.iscsi.pdu.LoginResponsePdu;
import org.snaptarget.iscsi.testing.TestInitiator;
import org.snaptarget.scsi.LunAddress;
import org.snaptarget.store.Volume;

/**
 * Issue 5, scaled down: snapshots taken through the runtime while a host writes continuously over
 * iSCSI. No write fails, and each snapshot holds at least every write acknowledged before it was
 * requested and nothing issued after it returned.
 */
class SnapshotsUnderIscsiLoadTest {

    static final int REGIONS = 8;
    static final int WRITE_BLOCKS = 128;  // 64 KiB, one chunk
    static final int SNAPSHOTS = 40;

    @TempDir
    Path dir;

    record Ack(int region, long seq, long issued, long acked) {
    }

    @Test
    void snapshotsUnderContinuousWritesLoseNothingAcknowledged() throws Exception {
        var config = TestConfigs.config(dir, TestConfigs.pool(dir, "p", 4L << 20, 128L << 20, 65536, 99, List.of()),
                List.of(TestConfigs.origin(0)));
        try (ServerRuntime runtime = ServerRuntime.start(config, null);
             TestInitiator host = TestInitiator.connect("127.0.0.1", runtime.portals().get(0).port())) {
            LoginResponsePdu login = host.login("iqn.2026-11.org.example:host", TestConfigs.TARGET, 0x4000_0137_0009L, 0,
                    Map.of());
            assertEquals(0, login.statusClass());
            assertEquals(0x02, host.read(LunAddress.encode(0), 0, 1, 512).status(), "power-on attention first");
            AtomicLong clock = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            List<Ack> acks = new CopyOnWriteArrayList<>();
            List<String> errors = new CopyOnWriteArrayList<>();
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    for (long seq = 1; !stop.get(); seq++) {
                        int region = (int) (seq % REGIONS);
                        long issued = clock.incrementAndGet();
                        TestInitiator.Result r = host.write(LunAddress.encode(0), region * WRITE_BLOCKS,
                                stamp(region, seq), 512);
                        if (r.status() != 0) {
                            errors.add("write " + seq + ": status " + r.status());
                            return;
                        }
                        acks.add(new Ack(region, seq, issued, clock.incrementAndGet()));
                    }
                } catch (Exception e) {
                    errors.add(e.toString());
                }
            });
            List<long[]> windows = new ArrayList<>();
            for (int i = 0; i < SNAPSHOTS; i++) {
                long started = clock.incrementAndGet();
                runtime.createSnapshot("p", "load-" + i, null, true);
                windows.add(new long[] {started, clock.incrementAndGet()});
                Thread.sleep(5); // an operator's CLI cannot fire faster than this
            }
            stop.set(true);
            writer.join();
            assertTrue(errors.isEmpty(), errors::toString);
            assertTrue(acks.size() >= SNAPSHOTS / 10, "the host made no progress: " + acks.size());
            var pool = runtime.poolRuntime("p").pool();
            for (int i = 0; i < SNAPSHOTS; i += 3) {
                Volume v = pool.snapshotVolume("load-" + i);
                for (int region = 0; region < REGIONS; region++) {
                    long seen = seqIn(v, region);
                    long started = windows.get(i)[0];
                    long returned = windows.get(i)[1];
                    int reg = region;
                    long mustHave = acks.stream().filter(a -> a.region() == reg && a.acked() < started)
                            .mapToLong(Ack::seq).max().orElse(0);
                    long mustNotHave = acks.stream().filter(a -> a.region() == reg && a.issued() > returned)
                            .mapToLong(Ack::seq).min().orElse(Long.MAX_VALUE);
                    assertTrue(seen >= mustHave && seen < mustNotHave, "snapshot load-" + i + " region " + region
                            + " shows seq " + seen + "; expected at least " + mustHave + " and below " + mustNotHave);
                }
            }
        }
    }

    static byte[] stamp(int region, long seq) {
        ByteBuffer b = ByteBuffer.allocate(WRITE_BLOCKS * 512);
        for (int s = 0; s < b.capacity(); s += 512) {
            b.putLong(s, region).putLong(s + 8, seq);
        }
        return b.array();
    }

    static long seqIn(Volume v, int region) {
        ByteBuffer b = ByteBuffer.allocate(WRITE_BLOCKS * 512);
        v.read((long) region * WRITE_BLOCKS * 512, b);
        long seq = b.getLong(8);
        for (int s = 0; s < b.capacity(); s += 512) {
            assertEquals(seq, b.getLong(s + 8), "torn write in region " + region);
        }
        return seq;
    }
}
