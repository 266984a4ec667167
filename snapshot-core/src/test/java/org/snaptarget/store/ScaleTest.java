package org.snaptarget.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.snaptarget.store.testing.ChunkVersionModel;
import org.snaptarget.store.testing.CrashingFileSystem;
import org.snaptarget.store.testing.EngineRequired;
import org.snaptarget.store.testing.TestPools;

/**
 * Many snapshots and a full store (issue 2, "What it must show" 3; DESIGN.md §2 "Snapshot
 * create/delete"). Runs on the in-memory file system so that it measures the engine's
 * algorithms, not the disk's fsync latency. The compact {@link ChunkVersionModel} is the oracle
 * for contents and exclusive space. Seeds are fixed and appear in every failure message.
 */
@ExtendWith(EngineRequired.Jupiter.class)
class ScaleTest {

    static final int CHUNK = 4096;
    static final int CHUNKS = 64;
    static final long DEVICE = (long) CHUNKS * CHUNK;
    static final long SEED = 20261125L;

    private static PoolConfig memoryPool(long storeBytes) {
        return TestPools.config(new CrashingFileSystem(), DEVICE, storeBytes, CHUNK);
    }

    /** Writes a new version of one chunk to the pool and, once the pool accepted it, to the model. */
    private static void write(Pool pool, ChunkVersionModel model, String dev, int chunk) {
        long version = model.reserveVersion();
        volume(pool, dev).write((long) chunk * CHUNK, ByteBuffer.wrap(ChunkVersionModel.bytes(version, CHUNK)));
        model.write(dev, chunk, version);
    }

    private static Volume volume(Pool pool, String dev) {
        return ChunkVersionModel.ORIGIN.equals(dev) ? pool.origin() : pool.snapshotVolume(dev);
    }

    private static void verifyChunk(Pool pool, ChunkVersionModel model, String dev, int chunk, String context) {
        ByteBuffer got = ByteBuffer.allocate(CHUNK);
        volume(pool, dev).read((long) chunk * CHUNK, got);
        assertArrayEquals(ChunkVersionModel.bytes(model.content(dev, chunk), CHUNK), got.array(),
                () -> dev + " chunk " + chunk + " " + context);
    }

    private static void verifyExclusive(Pool pool, ChunkVersionModel model, String context) {
        Map<String, Long> want = model.exclusiveBytes();
        List<SnapshotInfo> listed = pool.snapshots();
        assertEquals(want.size(), listed.size(), "snapshot count " + context);
        for (SnapshotInfo info : listed) {
            assertEquals(want.get(info.name()), info.exclusiveBytes(), () -> "exclusiveBytes of " + info.name() + " " + context);
        }
    }

    /**
     * Builds {@code count} snapshots: mostly of the origin, every 10th of an earlier snapshot
     * of depth at most 2 (three levels in all); between snapshots the origin gets a write half
     * of the time and a random writable snapshot a tenth of the time.
     */
    private static void build(Pool pool, ChunkVersionModel model, int count, SplittableRandom r) {
        List<String> writable = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String parent = null;
            if (i % 10 == 0) {
                List<String> names = model.snapshotNames();
                String candidate = names.get(r.nextInt(names.size()));
                if (model.depth(candidate) <= 2) {
                    parent = candidate;
                }
            }
            String name = "n" + i;
            model.createSnapshot(name, parent);
            pool.createSnapshot(name, parent, false);
            writable.add(name);
            if (r.nextBoolean()) {
                write(pool, model, ChunkVersionModel.ORIGIN, r.nextInt(CHUNKS));
            }
            if (r.nextInt(10) == 0) {
                write(pool, model, writable.get(r.nextInt(writable.size())), r.nextInt(CHUNKS));
            }
        }
    }

    private static long usedAfterSweep(Pool pool, String context) {
        assertTrue(pool.awaitSweep(Duration.ofSeconds(60)), "sweep did not finish in 60 s " + context);
        pool.origin().flush();
        PoolStats stats = pool.stats();
        assertEquals(0, stats.bytesPendingReclaim(), "bytesPendingReclaim after the sweep " + context);
        return stats.blocksUsed();
    }

    @Test
    void tenThousandSnapshotsReadBackDeleteHalfAndGiveTheirSpaceBack() {
        String context = "(seed " + SEED + ")";
        long start = System.nanoTime();
        ChunkVersionModel model = new ChunkVersionModel(CHUNKS, CHUNK);
        SplittableRandom r = new SplittableRandom(SEED);
        try (Pool pool = TestPools.create(memoryPool(128L << 20))) {
            build(pool, model, 10_000, r);
            long built = System.nanoTime();

            List<String> names = model.snapshotNames();
            for (int k = 0; k < 300; k++) {
                String dev = names.get(r.nextInt(names.size()));
                for (int c = 0; c < CHUNKS; c += 1 + r.nextInt(4)) {
                    verifyChunk(pool, model, dev, c, context);
                }
            }
            for (int c = 0; c < CHUNKS; c++) {
                verifyChunk(pool, model, ChunkVersionModel.ORIGIN, c, context);
            }
            verifyExclusive(pool, model, context);
            assertEquals(10_000, pool.stats().snapshots());

            long dataBefore = model.storeChunksReferenced();
            long usedBefore = usedAfterSweep(pool, context);
            for (int i = 0; i < names.size(); i += 2) {
                pool.deleteSnapshot(names.get(i));
                model.deleteSnapshot(names.get(i));
            }
            assertEquals(5_000, pool.snapshots().size());
            long dataAfter = model.storeChunksReferenced();
            long usedAfter = usedAfterSweep(pool, context);
            long metadataBefore = usedBefore - dataBefore;
            long metadataAfter = usedAfter - dataAfter;
            assertTrue(metadataBefore >= 0 && metadataAfter >= 0,
                    "blocks used below the data chunks still referenced: before " + usedBefore + "/" + dataBefore
                            + ", after " + usedAfter + "/" + dataAfter);
            assertTrue(metadataAfter <= metadataBefore + 16,
                    "deleting half the snapshots freed " + (usedBefore - usedAfter) + " blocks, the model frees "
                            + (dataBefore - dataAfter) + " data chunks " + context);
            assertTrue(dataBefore - dataAfter > 0, "the deletes freed no data in the model " + context);

            names = model.snapshotNames();
            for (int k = 0; k < 100; k++) {
                String dev = names.get(r.nextInt(names.size()));
                verifyChunk(pool, model, dev, r.nextInt(CHUNKS), context);
            }
            verifyExclusive(pool, model, context);
            CheckReport report = pool.check();
            assertTrue(report.clean(), () -> "checker: " + report.problems());
            System.out.printf("scale test: 10,000 snapshots built in %.1f s; delete half + sweep + checks, total %.1f s;"
                            + " data chunks %d -> %d, blocks used %d -> %d%n",
                    (built - start) / 1e9, (System.nanoTime() - start) / 1e9, dataBefore, dataAfter, usedBefore, usedAfter);
        }
    }

    @Test
    void eachDeleteFreesWhatItsExclusiveSpaceSaid() {
        String context = "(seed " + (SEED + 1) + ")";
        ChunkVersionModel model = new ChunkVersionModel(CHUNKS, CHUNK);
        SplittableRandom r = new SplittableRandom(SEED + 1);
        try (Pool pool = TestPools.create(memoryPool(32L << 20))) {
            build(pool, model, 300, r);
            List<String> order = new ArrayList<>(model.snapshotNames());
            java.util.Collections.shuffle(order, new java.util.Random(SEED));
            long totalPromised = 0;
            long totalFreed = 0;
            long used = usedAfterSweep(pool, context);
            for (String name : order) {
                long promised = pool.snapshot(name).orElseThrow().exclusiveBytes();
                assertEquals(model.exclusiveBytes().get(name), promised, "exclusiveBytes of " + name + " " + context);
                long dataBefore = model.storeChunksReferenced();
                pool.deleteSnapshot(name);
                model.deleteSnapshot(name);
                assertEquals(promised / CHUNK, dataBefore - model.storeChunksReferenced(), "model self-check");
                long now = usedAfterSweep(pool, context);
                long freed = (used - now) * CHUNK;
                assertTrue(Math.abs(freed - promised) <= 4L * CHUNK,
                        "deleting " + name + " promised " + promised + " bytes and freed " + freed + " " + context);
                totalPromised += promised;
                totalFreed += freed;
                used = now;
            }
            assertTrue(totalPromised > 0, "no snapshot had exclusive space " + context);
            assertTrue(Math.abs(totalFreed - totalPromised) <= 16L * CHUNK,
                    "all deletes promised " + totalPromised + " bytes and freed " + totalFreed + " " + context);
            assertTrue(pool.check().clean());
        }
    }

    @Test
    void aFullStoreRefusesNewSpaceKeepsInPlaceWritesAndDeletesItsWayOut() {
        String context = "(seed " + (SEED + 2) + ")";
        ChunkVersionModel model = new ChunkVersionModel(CHUNKS, CHUNK);
        SplittableRandom r = new SplittableRandom(SEED + 2);
        try (Pool pool = TestPools.create(memoryPool(1L << 20))) {
            int created = 0;
            StoreException.StoreFull full = null;
            String refusedDevice = null;
            int refusedChunk = -1;
            for (int step = 0; step < 100_000 && full == null; step++) {
                if (step % 8 == 0) {
                    String name = "f" + (++created);
                    model.createSnapshot(name, null);
                    pool.createSnapshot(name, null, false);
                }
                String dev = r.nextInt(3) == 0 ? ChunkVersionModel.ORIGIN
                        : model.snapshotNames().get(r.nextInt(model.size()));
                int chunk = r.nextInt(CHUNKS);
                boolean needsSpace = model.writeNeedsSpace(dev, chunk);
                try {
                    write(pool, model, dev, chunk);
                } catch (StoreException.StoreFull e) {
                    assertTrue(needsSpace, "StoreFull on a write that needs no new chunk: " + dev + " chunk " + chunk);
                    full = e;
                    refusedDevice = dev;
                    refusedChunk = chunk;
                }
            }
            assertTrue(full != null, "a 1 MiB store never filled " + context);
            verifyChunk(pool, model, refusedDevice, refusedChunk, "after a refused write " + context);
            verifyExclusive(pool, model, "after a refused write " + context);

            // In-place writes still succeed: a snapshot's private chunk, and every origin chunk nobody shares.
            String fresh = null;
            for (String name : model.snapshotNames()) {
                for (int c = 0; c < CHUNKS && fresh == null; c++) {
                    if (!name.equals(refusedDevice) && !model.writeNeedsSpace(name, c)) {
                        write(pool, model, name, c);
                        verifyChunk(pool, model, name, c, context);
                        fresh = name;
                    }
                }
            }
            assertTrue(fresh != null, "no snapshot had a private chunk to rewrite in place " + context);
            int inPlace = 0;
            for (int c = 0; c < CHUNKS; c++) {
                if (!model.writeNeedsSpace(ChunkVersionModel.ORIGIN, c)) {
                    write(pool, model, ChunkVersionModel.ORIGIN, c);
                    verifyChunk(pool, model, ChunkVersionModel.ORIGIN, c, "origin write in place on a full store " + context);
                    inPlace++;
                }
            }
            assertTrue(inPlace > 0, "no origin chunk was free of sharing to rewrite in place " + context);

            // Deleting works while full; delete oldest first until a write that needs space succeeds.
            int deletes = 0;
            boolean written = false;
            List<String> names = new ArrayList<>(model.snapshotNames());
            names.remove(refusedDevice);
            for (String name : names) {
                pool.deleteSnapshot(name);
                model.deleteSnapshot(name);
                deletes++;
                pool.awaitSweep(Duration.ofSeconds(30));
                try {
                    write(pool, model, ChunkVersionModel.ORIGIN, pickSharedOriginChunk(model));
                    written = true;
                    break;
                } catch (StoreException.StoreFull stillFull) {
                    // keep deleting
                } catch (IllegalStateException noSharedChunk) {
                    break;
                }
            }
            assertTrue(written, "no write needing space succeeded after " + deletes + " deletes " + context);
            CheckReport report = pool.check();
            assertTrue(report.clean(), () -> "checker: " + report.problems());
        }
    }

    /** An origin chunk some snapshot still shares (so writing it needs a copy-out). */
    private static int pickSharedOriginChunk(ChunkVersionModel model) {
        for (int c = 0; c < CHUNKS; c++) {
            if (model.writeNeedsSpace(ChunkVersionModel.ORIGIN, c)) {
                return c;
            }
        }
        throw new IllegalStateException("no origin chunk is shared");
    }

    @Test
    void aRefusedWriteOnAFullStoreLeavesEveryDeviceIntact() {
        ChunkVersionModel model = new ChunkVersionModel(CHUNKS, CHUNK);
        try (Pool pool = TestPools.create(memoryPool(512L << 10))) {
            model.createSnapshot("keep", null);
            pool.createSnapshot("keep", null, false);
            assertThrows(StoreException.StoreFull.class, () -> {
                for (int round = 0; round < 1000; round++) {
                    String name = "g" + round;
                    model.createSnapshot(name, null);
                    pool.createSnapshot(name, null, false);
                    for (int c = 0; c < CHUNKS; c++) {
                        if (model.writeNeedsSpace(ChunkVersionModel.ORIGIN, c)) {
                            try {
                                write(pool, model, ChunkVersionModel.ORIGIN, c);
                            } catch (StoreException.StoreFull e) {
                                verifyChunk(pool, model, ChunkVersionModel.ORIGIN, c, "under a refused copy-out");
                                throw e;
                            }
                        }
                    }
                }
            });
            for (String name : model.snapshotNames()) {
                for (int c = 0; c < CHUNKS; c++) {
                    verifyChunk(pool, model, name, c, "after the store filled");
                }
            }
            assertTrue(pool.check().clean());
        }
    }
}
