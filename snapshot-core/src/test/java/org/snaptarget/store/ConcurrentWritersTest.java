package org.snaptarget.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.snaptarget.store.testing.CrashingFileSystem;
import org.snaptarget.store.testing.EngineRequired;
import org.snaptarget.store.testing.ModelCheckedPool;
import org.snaptarget.store.testing.PoolModel;
import org.snaptarget.store.testing.TestPools;

/**
 * Thread safety (issue 2: "all thread-safe"; DESIGN.md §2 group commit): several threads work
 * on one pool at once, each owning the chunks {@code c} with {@code c mod THREADS == t}. A
 * thread writes, unmaps and reads only its own chunks, of the origin and of snapshots it creates
 * (of the origin or of its own snapshots) and deletes itself; its own {@link PoolModel} predicts
 * those chunks exactly, because no other thread touches them. Snapshots, deletes, flushes and
 * copy-outs of all threads interleave freely. Afterwards every thread's view is verified, then
 * again after a reopen, and the checker must be clean.
 */
@ExtendWith(EngineRequired.Jupiter.class)
class ConcurrentWritersTest {

    static final int THREADS = 4;
    static final int CHUNK = 4096;
    static final int CHUNKS = 64;
    static final long DEVICE = (long) CHUNKS * CHUNK;

    /** One thread's workload and its private model. */
    private static final class Worker {
        final int t;
        final PoolModel model = new PoolModel(DEVICE, CHUNK);
        final SplittableRandom random;
        int created;

        Worker(int t, long seed) {
            this.t = t;
            this.random = new SplittableRandom(seed * 31 + t);
        }

        int ownChunk() {
            return random.nextInt(CHUNKS / THREADS) * THREADS + t;
        }

        String device(boolean snapshotOnly) {
            List<String> names = model.snapshotNames();
            if (names.isEmpty() || (!snapshotOnly && random.nextInt(3) == 0)) {
                return PoolModel.ORIGIN;
            }
            return names.get(random.nextInt(names.size()));
        }

        void step(Pool pool) {
            int roll = random.nextInt(100);
            int c = ownChunk();
            int startSector = random.nextInt(CHUNK / 512);
            int sectors = 1 + random.nextInt(CHUNK / 512 - startSector);
            long offset = (long) c * CHUNK + startSector * 512L;
            if (roll < 45) {
                String dev = device(false);
                if (model.isReadOnly(dev)) {
                    return;
                }
                byte[] data = ModelCheckedPool.fill(random.nextLong(), sectors * 512);
                volume(pool, dev).write(offset, ByteBuffer.wrap(data));
                model.write(dev, offset, data);
            } else if (roll < 70) {
                String dev = device(false);
                ByteBuffer got = ByteBuffer.allocate(sectors * 512);
                volume(pool, dev).read(offset, got);
                assertArrayEquals(model.read(dev, offset, sectors * 512), got.array(),
                        "thread " + t + " read of " + dev + " at " + offset);
            } else if (roll < 80) {
                String parent = device(false);
                if (model.depth(parent) >= 3) {
                    return;
                }
                String name = "t" + t + "-" + (++created);
                String p = PoolModel.ORIGIN.equals(parent) ? null : parent;
                pool.createSnapshot(name, p, random.nextInt(4) == 0);
                model.createSnapshot(name, p, pool.snapshot(name).orElseThrow().readOnly());
            } else if (roll < 86) {
                List<String> names = model.snapshotNames();
                if (!names.isEmpty()) {
                    String name = names.get(random.nextInt(names.size()));
                    pool.deleteSnapshot(name);
                    model.deleteSnapshot(name);
                }
            } else if (roll < 94) {
                String dev = device(true);
                if (PoolModel.ORIGIN.equals(dev) || model.isReadOnly(dev)) {
                    return;
                }
                long length = random.nextBoolean() ? CHUNK : sectors * 512L;
                long at = length == CHUNK ? (long) c * CHUNK : offset;
                volume(pool, dev).unmap(at, length);
                model.unmap(dev, at, length);
            } else {
                volume(pool, device(false)).flush();
            }
        }

        void verify(Pool pool, String when) {
            List<String> devices = new ArrayList<>(model.snapshotNames());
            devices.add(PoolModel.ORIGIN);
            for (String dev : devices) {
                for (int c = t; c < CHUNKS; c += THREADS) {
                    ByteBuffer got = ByteBuffer.allocate(CHUNK);
                    volume(pool, dev).read((long) c * CHUNK, got);
                    assertArrayEquals(model.read(dev, (long) c * CHUNK, CHUNK), got.array(),
                            "thread " + t + " " + dev + " chunk " + c + " " + when);
                }
            }
        }
    }

    private static Volume volume(Pool pool, String dev) {
        return PoolModel.ORIGIN.equals(dev) ? pool.origin() : pool.snapshotVolume(dev);
    }

    @Test
    void threadsOnDisjointChunksEachSeeExactlyTheirOwnWrites() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            for (long seed = 1; seed <= 12; seed++) {
                runRound(threads, seed, 400);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void runRound(ExecutorService threads, long seed, int steps) throws Exception {
        CrashingFileSystem fs = new CrashingFileSystem();
        PoolConfig config = TestPools.config(fs, DEVICE, 32L << 20, CHUNK);
        List<Worker> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(new Worker(t, seed));
        }
        try (Pool pool = TestPools.create(config)) {
            List<Future<?>> running = new ArrayList<>();
            for (Worker w : workers) {
                running.add(threads.submit(() -> {
                    for (int i = 0; i < steps; i++) {
                        w.step(pool);
                    }
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError("seed " + seed + ": " + e.getCause(), e.getCause());
                }
            }
            for (Worker w : workers) {
                w.verify(pool, "(seed " + seed + ")");
            }
            CheckReport report = pool.check();
            assertTrue(report.clean(), () -> "seed " + seed + " checker: " + report.problems());
        }
        try (Pool pool = TestPools.open(config)) {
            for (Worker w : workers) {
                w.verify(pool, "after reopen (seed " + seed + ")");
            }
            assertTrue(pool.check().clean(), "seed " + seed + " checker after reopen");
        }
    }
}
