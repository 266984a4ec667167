package org.snaptarget.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.store.Volume;

/**
 * Issue 5's consistency property, checked against real concurrent writers: writers keep rewriting
 * their own multi-chunk regions (every sector stamped with writer and sequence number) while
 * snapshots are taken through the runtime. A global event counter orders issue, acknowledgement
 * and snapshot start/end. For every snapshot and writer the region must show one sequence number
 * (each write wholly in or out), at least the last one acknowledged before the snapshot started,
 * less than the first one issued after it returned, and, across writers, every write acknowledged
 * before an included write was issued must be included too.
 */
class ConsistentSnapshotTest {

    static final int CHUNK = 4096;
    static final int WRITERS = 4;
    /** Each write covers parts of five chunks: it starts mid-chunk and spans 4 chunks' worth. */
    static final int WRITE = 4 * CHUNK;
    static final int REGION_STRIDE = 8 * CHUNK;
    static final int SNAPSHOTS = 60;

    @TempDir
    Path dir;

    record Write(int writer, long seq, long issued, long acked) {
    }

    record Snap(String name, long started, long returned) {
    }

    @Test
    void everySnapshotIsAConsistentPointInTimeUnderConcurrentWrites() throws Exception {
        var config = TestConfigs.config(dir, TestConfigs.pool(dir, "p", 4L << 20, 64L << 20, CHUNK, 99, List.of()),
                List.of(TestConfigs.origin(0)));
        try (ServerRuntime runtime = ServerRuntime.start(config, null)) {
            BlockDevice origin = runtime.device(TestConfigs.TARGET, 0);
            AtomicLong clock = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            List<Write> writes = new CopyOnWriteArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                threads.add(Thread.ofPlatform().name("writer-" + w).start(() -> {
                    long offset = offsetOf(writer);
                    for (long seq = 1; !stop.get(); seq++) {
                        ByteBuffer data = stamp(writer, seq);
                        long issued = clock.incrementAndGet();
                        try {
                            origin.write(offset, data, false);
                        } catch (Throwable e) {
                            failures.add(e);
                            return;
                        }
                        writes.add(new Write(writer, seq, issued, clock.incrementAndGet()));
                    }
                }));
            }
            List<Snap> snaps = new ArrayList<>();
            for (int i = 0; i < SNAPSHOTS; i++) {
                String name = "c" + i;
                long started = clock.incrementAndGet();
                runtime.createSnapshot("p", name, null, true);
                snaps.add(new Snap(name, started, clock.incrementAndGet()));
                Thread.sleep(2);
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(failures.isEmpty(), () -> "a write failed: " + failures);
            Map2 index = new Map2(writes);
            var pool = runtime.poolRuntime("p").pool();
            for (Snap snap : snaps) {
                Volume v = pool.snapshotVolume(snap.name());
                long[] seen = new long[WRITERS];
                for (int w = 0; w < WRITERS; w++) {
                    seen[w] = wholeSequence(v, w, snap);
                    long mustHave = index.lastAckedBefore(w, snap.started());
                    long mustNotHave = index.firstIssuedAfter(w, snap.returned());
                    int writer = w;
                    assertTrue(seen[w] >= mustHave, () -> snap + " writer " + writer + " shows seq " + seen[writer]
                            + " but seq " + mustHave + " was acknowledged before it started");
                    assertTrue(seen[w] < mustNotHave, () -> snap + " writer " + writer + " shows seq " + seen[writer]
                            + " but seq " + mustNotHave + " was only issued after it returned");
                }
                for (int w = 0; w < WRITERS; w++) {
                    if (seen[w] == 0) {
                        continue;
                    }
                    long issuedAt = index.get(w, seen[w]).issued();
                    for (int other = 0; other < WRITERS; other++) {
                        long required = index.lastAckedBefore(other, issuedAt);
                        int o = other;
                        int ww = w;
                        assertTrue(seen[other] >= required, () -> snap + ": writer " + ww + " seq " + seen[ww]
                                + " is in, but writer " + o + " seq " + required + ", acknowledged before it was"
                                + " issued, is not (shows " + seen[o] + ")");
                    }
                }
            }
            assertTrue(writes.size() > SNAPSHOTS, "writers made too little progress: " + writes.size());
        }
    }

    static long offsetOf(int writer) {
        return (long) writer * REGION_STRIDE + CHUNK / 2;
    }

    /** WRITE bytes, every 512-byte sector starting with (writer, seq). */
    static ByteBuffer stamp(int writer, long seq) {
        ByteBuffer b = ByteBuffer.allocate(WRITE);
        for (int s = 0; s < WRITE; s += 512) {
            b.putLong(s, writer).putLong(s + 8, seq);
        }
        return b;
    }

    /** The one sequence number every sector of the writer's region shows in the snapshot (0: never written). */
    static long wholeSequence(Volume v, int writer, Snap snap) {
        ByteBuffer b = ByteBuffer.allocate(WRITE);
        v.read(offsetOf(writer), b);
        long first = -1;
        for (int s = 0; s < WRITE; s += 512) {
            long w = b.getLong(s);
            long seq = b.getLong(s + 8);
            if (seq != 0) {
                assertEquals(writer, w, "foreign data in writer " + writer + "'s region");
            }
            if (first == -1) {
                first = seq;
            } else if (first != seq) {
                throw new AssertionError(snap + " holds a torn write of writer " + writer + ": sector 0 shows seq "
                        + first + ", sector " + s / 512 + " shows seq " + seq);
            }
        }
        return first;
    }

    /** The writes by writer and sequence number (sequence numbers start at 1, consecutive). */
    static final class Map2 {
        private final ConcurrentHashMap<Integer, List<Write>> byWriter = new ConcurrentHashMap<>();

        Map2(List<Write> writes) {
            for (Write w : writes) {
                byWriter.computeIfAbsent(w.writer(), k -> new ArrayList<>()).add(w);
            }
            byWriter.values().forEach(l -> l.sort(java.util.Comparator.comparingLong(Write::seq)));
        }

        Write get(int writer, long seq) {
            return byWriter.get(writer).get((int) seq - 1);
        }

        long lastAckedBefore(int writer, long instant) {
            long best = 0;
            for (Write w : byWriter.getOrDefault(writer, List.of())) {
                if (w.acked() < instant) {
                    best = Math.max(best, w.seq());
                }
            }
            return best;
        }

        long firstIssuedAfter(int writer, long instant) {
            for (Write w : byWriter.getOrDefault(writer, List.of())) {
                if (w.issued() > instant) {
                    return w.seq();
                }
            }
            return Long.MAX_VALUE;
        }
    }
}
