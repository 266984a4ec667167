package org.snaptarget.store.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;

class ConcurrencyTest {

    static final int CHUNK = 4096;
    @TempDir
    Path dir;

    static ByteBuffer fill(int v) {
        byte[] b = new byte[CHUNK];
        Arrays.fill(b, (byte) v);
        return ByteBuffer.wrap(b);
    }

    @Test
    void concurrentFirstWritesShareCommitsAndEverySnapshotKeepsItsData() throws Exception {
        var config = PoolConfig.of(dir.resolve("o"), 512L * CHUNK, dir.resolve("s"), 4096L * CHUNK).withChunkSize(CHUNK);
        int threads = 8;
        int perThread = 48;
        try (Pool pool = Pool.create(config); ExecutorService ex = Executors.newFixedThreadPool(threads)) {
            for (int c = 0; c < threads * perThread; c++) {
                pool.origin().write((long) c * CHUNK, fill(1));
            }
            pool.createSnapshot("before", null, true);
            var commits = ((PoolEngine) pool).commits();
            long commitsBefore = commits.commitCount();
            var start = new CountDownLatch(1);
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                int first = t * perThread;
                futures.add(ex.submit(() -> {
                    start.await();
                    for (int c = first; c < first + perThread; c++) {
                        pool.origin().write((long) c * CHUNK, fill(2));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (var f : futures) {
                f.get();
            }
            long copyOuts = (long) threads * perThread;
            long used = commits.commitCount() - commitsBefore;
            assertTrue(used < copyOuts, used + " commits for " + copyOuts + " copy-outs: no group commit");
            var buf = ByteBuffer.allocate(CHUNK);
            for (int c = 0; c < copyOuts; c++) {
                pool.snapshotVolume("before").read((long) c * CHUNK, buf.clear());
                assertEquals(1, buf.get(0), "snapshot chunk " + c);
                pool.origin().read((long) c * CHUNK, buf.clear());
                assertEquals(2, buf.get(0), "origin chunk " + c);
            }
            assertTrue(pool.check().clean(), pool.check().problems().toString());
        }
    }

    @Test
    void writersReadersAndSnapshotCreationRaceWithoutBreakingInvariants() throws Exception {
        var config = PoolConfig.of(dir.resolve("o"), 256L * CHUNK, dir.resolve("s"), 8192L * CHUNK).withChunkSize(CHUNK)
                .withFileSystem(new MemoryFileSystem());
        try (Pool pool = Pool.create(config); ExecutorService ex = Executors.newFixedThreadPool(6)) {
            pool.createSnapshot("base", null, false);
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                futures.add(ex.submit(() -> {
                    var r = new java.util.SplittableRandom(seed);
                    for (int i = 0; i < 400; i++) {
                        long off = (long) r.nextInt(256) * CHUNK + r.nextInt(8) * 512L;
                        var v = r.nextBoolean() ? pool.origin() : pool.snapshotVolume("base");
                        if (r.nextInt(3) == 0) {
                            v.read(off, ByteBuffer.allocate(512));
                        } else {
                            v.write(off, ByteBuffer.allocate(512));
                        }
                    }
                    return null;
                }));
            }
            futures.add(ex.submit(() -> {
                for (int i = 0; i < 30; i++) {
                    pool.createSnapshot("s" + i, i % 3 == 0 ? "base" : null, false);
                    if (i % 4 == 3) {
                        pool.deleteSnapshot("s" + (i - 2));
                    }
                }
                return null;
            }));
            for (var f : futures) {
                f.get();
            }
            assertTrue(pool.awaitSweep(Duration.ofSeconds(20)));
            var report = pool.check();
            assertTrue(report.clean(), report.problems().toString());
        }
    }
}
