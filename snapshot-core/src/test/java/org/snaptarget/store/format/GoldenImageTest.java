package org.snaptarget.store.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.snaptarget.store.CheckReport;
import org.snaptarget.store.Pool;
import org.snaptarget.store.SnapshotInfo;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.Volume;
import org.snaptarget.store.testing.CrashingFileSystem;
import org.snaptarget.store.testing.EngineRequired;
import org.snaptarget.store.testing.ModelCheckedPool;
import org.snaptarget.store.testing.PoolModel;
import org.snaptarget.store.testing.TestPools;

/**
 * The on-disk format against its golden image (issue 2, "What it must show" 4; FORMAT.md;
 * DESIGN.md §2 "Durability"). The committed image of format {@value #VERSION} must open with the
 * current code and show every device byte for byte as {@link GoldenImage#expected()} says. Then
 * single bytes of every metadata block (any non-zero store block that is not a data chunk the
 * workload wrote: superblocks and tree nodes) are flipped one at a time; each flip must be
 * detected (a {@link StoreException.Corruption}, a checker problem, or the pool turning
 * read-only) or leave the pool showing exactly the right bytes, either from the same commit or
 * from the older superblock. Within a 512-byte sector where some flip is detected, every flip
 * must be (the checksum covers the whole node or superblock). Flips are sampled (the header bytes
 * of each block and 8 per sector, within {@code snaptarget.flipBudgetSeconds}, default 40);
 * {@code -Dsnaptarget.flipEveryByte=true} flips every byte.
 */
@ExtendWith(EngineRequired.Jupiter.class)
class GoldenImageTest {

    static final String VERSION = "v1";
    static final long FLIP_SEED = 7;
    static final long FLIP_BUDGET_NANOS = Long.getLong("snaptarget.flipBudgetSeconds", 40) * 1_000_000_000L;

    private enum Outcome { DETECTED, FALLBACK, UNDETECTED }

    @Test
    void regenerate() throws IOException {
        Assumptions.assumeTrue(VERSION.equals(System.getProperty("snaptarget.regenerateGolden")),
                "generator entry point, runs only with -Dsnaptarget.regenerateGolden=" + VERSION);
        CrashingFileSystem fs = new CrashingFileSystem();
        GoldenImage.generate(fs);
        GoldenImage.save(fs, Path.of("src/test/resources/golden", VERSION));
    }

    private static CrashingFileSystem golden() {
        CrashingFileSystem fs = GoldenImage.load(VERSION);
        Assumptions.assumeTrue(fs != null, "golden image golden/" + VERSION
                + " not committed yet (waiting for FORMAT.md to settle); generate it as GoldenImage's Javadoc says");
        return fs;
    }

    @Test
    void theGeneratorsWorkloadMatchesTheModelOnTheCurrentEngine() {
        GoldenImage.Expected made = GoldenImage.generate(new CrashingFileSystem());
        GoldenImage.Expected expected = GoldenImage.expected();
        assertEquals(expected.model().snapshotNames(), made.model().snapshotNames());
        for (String dev : devices(expected.model())) {
            assertTrue(Arrays.equals(expected.model().contents(dev), made.model().contents(dev)), dev);
        }
    }

    @Test
    void theGoldenImageOpensAndShowsEveryDeviceByteForByte() {
        GoldenImage.Expected expected = GoldenImage.expected();
        try (Pool pool = TestPools.open(GoldenImage.config(golden()))) {
            assertEquals(GoldenImage.CHUNK, pool.chunkSize());
            Set<String> names = new TreeSet<>(pool.snapshots().stream().map(SnapshotInfo::name).toList());
            assertEquals(new TreeSet<>(expected.model().snapshotNames()), names);
            for (String dev : devices(expected.model())) {
                byte[] got = ModelCheckedPool.readAll(volume(pool, dev), GoldenImage.ORIGIN_SIZE);
                assertTrue(Arrays.equals(expected.model().contents(dev), got),
                        () -> dev + " differs at byte " + Arrays.mismatch(expected.model().contents(dev), got));
            }
            for (SnapshotInfo info : pool.snapshots()) {
                assertEquals(expected.model().isReadOnly(info.name()), info.readOnly(), info.name());
                assertEquals(expected.model().exclusiveBytes(info.name()), info.exclusiveBytes(), info.name());
            }
            CheckReport report = pool.check();
            assertTrue(report.clean(), () -> report.problems().toString());
        }
    }

    @Test
    void flippingAnyByteOfAnyNodeOrSuperblockIsDetectedOrHarmless() {
        GoldenImage.Expected expected = GoldenImage.expected();
        CrashingFileSystem pristine = golden();
        byte[] origin = pristine.liveBytes(TestPools.ORIGIN_PATH);
        byte[] store = pristine.liveBytes(TestPools.STORE_PATH);
        List<Integer> metadata = metadataBlocks(store, expected.dataChunks());
        assertTrue(metadata.size() >= 2, "found only " + metadata.size() + " metadata blocks");
        boolean every = Boolean.getBoolean("snaptarget.flipEveryByte");
        long deadline = System.nanoTime() + FLIP_BUDGET_NANOS;
        SplittableRandom random = new SplittableRandom(FLIP_SEED);
        java.util.Collections.shuffle(metadata, new java.util.Random(FLIP_SEED));
        List<String> gaps = new ArrayList<>();
        int flips = 0;
        int[] counts = new int[Outcome.values().length];
        for (int block : metadata) {
            int base = block * GoldenImage.CHUNK;
            int last = lastNonZero(store, base);
            for (int sector = 0; sector * 512 <= last; sector++) {
                List<Integer> undetected = new ArrayList<>();
                boolean detected = false;
                for (int pos : positions(sector, last, every, random)) {
                    if (System.nanoTime() > deadline && !every) {
                        break;
                    }
                    byte mask = (byte) (1 << random.nextInt(8));
                    byte[] flipped = store.clone();
                    flipped[base + pos] ^= mask;
                    Outcome o = outcome(origin, flipped, expected,
                            "block " + block + " byte " + pos + " xor " + String.format("%02x", mask));
                    counts[o.ordinal()]++;
                    flips++;
                    if (o == Outcome.UNDETECTED) {
                        undetected.add(pos);
                    } else {
                        detected = true;
                    }
                }
                if (detected && !undetected.isEmpty()) {
                    gaps.add("block " + block + " sector " + sector + ": flips at " + undetected
                            + " went unnoticed though others in the sector were caught");
                }
            }
        }
        System.out.printf("format test: %d flips over %d metadata blocks: %d detected, %d fell back to the older superblock,"
                + " %d harmless (stale or identical to the fallback)%n", flips, metadata.size(), counts[0], counts[1], counts[2]);
        assertTrue(gaps.isEmpty(), () -> String.join("\n", gaps));
        assertTrue(counts[0] + counts[1] > 0, "no flip at all was noticed");
    }

    @Test
    void everyFlipInTheNewestSuperblockIsDetectedOrFallsBack() {
        GoldenImage.Expected expected = GoldenImage.expected();
        CrashingFileSystem pristine = golden();
        byte[] origin = pristine.liveBytes(TestPools.ORIGIN_PATH);
        byte[] store = pristine.liveBytes(TestPools.STORE_PATH);
        ByteBuffer image = ByteBuffer.wrap(store);
        int gen = FormatConstants.SB_GENERATION_OFFSET;
        long a = image.getLong((int) (FormatConstants.SUPERBLOCK_SLOT_A * FormatConstants.BLOCK_SIZE) + gen);
        long b = image.getLong((int) (FormatConstants.SUPERBLOCK_SLOT_B * FormatConstants.BLOCK_SIZE) + gen);
        long slot = a > b ? FormatConstants.SUPERBLOCK_SLOT_A : FormatConstants.SUPERBLOCK_SLOT_B;
        int base = (int) (slot * FormatConstants.BLOCK_SIZE);
        SplittableRandom random = new SplittableRandom(FLIP_SEED);
        List<Integer> missed = new ArrayList<>();
        for (int pos = 0; pos < FormatConstants.SB_LENGTH; pos++) {
            byte[] flipped = store.clone();
            flipped[base + pos] ^= (byte) (1 << random.nextInt(8));
            if (outcome(origin, flipped, expected, "superblock slot " + slot + " byte " + pos) == Outcome.UNDETECTED) {
                missed.add(pos);
            }
        }
        assertTrue(missed.isEmpty(), "flips of the newest superblock (slot " + slot + ", generation " + Math.max(a, b)
                + ") that neither failed nor fell back to the other slot, at bytes " + missed);
    }

    @Test
    void aZeroedOrTruncatedStoreIsRefusedWithAStoreError() {
        CrashingFileSystem pristine = golden();
        byte[] origin = pristine.liveBytes(TestPools.ORIGIN_PATH);
        byte[] store = pristine.liveBytes(TestPools.STORE_PATH);
        for (byte[] bad : List.of(new byte[store.length], Arrays.copyOf(store, 2 * GoldenImage.CHUNK), new byte[0])) {
            try (Pool pool = TestPools.open(GoldenImage.config(GoldenImage.fileSystem(origin, bad)))) {
                fail("opened a store of " + bad.length + " bytes that holds no valid pool: " + pool.snapshots());
            } catch (StoreException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "an error without a message");
            }
        }
    }

    @Test
    void openingWithAConflictingChunkSizeSaysWhich() {
        CrashingFileSystem fs = golden();
        var config = GoldenImage.config(fs).withChunkSize(2 * GoldenImage.CHUNK);
        try (Pool pool = TestPools.open(config)) {
            fail("opened a 4 KiB-chunk pool as 8 KiB chunks");
        } catch (StoreException.InvalidRequest e) {
            assertTrue(e.getMessage().toLowerCase().contains("chunk"), e.getMessage());
        }
    }

    private static Outcome outcome(byte[] origin, byte[] store, GoldenImage.Expected expected, String what) {
        PoolModel model = expected.model();
        String newest = GoldenImage.trailingSnapshots().get(1);
        Pool pool;
        try {
            pool = TestPools.open(GoldenImage.config(GoldenImage.fileSystem(origin, store)));
        } catch (StoreException.Corruption e) {
            return Outcome.DETECTED;
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": open failed with " + e + " instead of a Corruption", e);
        }
        try (pool) {
            Set<String> names = new HashSet<>(pool.snapshots().stream().map(SnapshotInfo::name).toList());
            Set<String> want = new HashSet<>(model.snapshotNames());
            boolean fellBack = !names.contains(newest);
            want.remove(newest);
            names.remove(newest);
            assertEquals(want, names, what + ": wrong snapshot list");
            for (String dev : devices(model)) {
                if (dev.equals(newest) && fellBack) {
                    continue;
                }
                byte[] got = ModelCheckedPool.readAll(volume(pool, dev), GoldenImage.ORIGIN_SIZE);
                if (!Arrays.equals(model.contents(dev), got)) {
                    fail(what + ": silently wrong data on " + dev + " at byte " + Arrays.mismatch(model.contents(dev), got));
                }
            }
            CheckReport report = pool.check();
            if (!report.clean() || pool.isReadOnly()) {
                return Outcome.DETECTED;
            }
            return fellBack ? Outcome.FALLBACK : Outcome.UNDETECTED;
        } catch (StoreException.Corruption e) {
            return Outcome.DETECTED;
        } catch (StoreException e) {
            throw new AssertionError(what + ": failed with " + e + " instead of a Corruption", e);
        }
    }

    /** Block numbers of non-zero store blocks that are not data chunks of the workload. */
    static List<Integer> metadataBlocks(byte[] store, Set<String> dataChunks) {
        List<Integer> out = new ArrayList<>();
        byte[] zero = new byte[GoldenImage.CHUNK];
        for (int b = 0; (b + 1) * GoldenImage.CHUNK <= store.length; b++) {
            int base = b * GoldenImage.CHUNK;
            if (Arrays.equals(store, base, base + GoldenImage.CHUNK, zero, 0, GoldenImage.CHUNK)) {
                continue;
            }
            if (!dataChunks.contains(GoldenImage.chunkKey(store, base))) {
                out.add(b);
            }
        }
        return out;
    }

    private static int lastNonZero(byte[] store, int base) {
        for (int i = GoldenImage.CHUNK - 1; i >= 0; i--) {
            if (store[base + i] != 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Bytes to flip in one 512-byte sector of a block, up to the block's last non-zero byte: the
     * whole sector when asked to flip every byte, else every byte of the block's first 64 (the
     * node header) and 8 seeded positions per sector.
     */
    private static List<Integer> positions(int sector, int last, boolean every, SplittableRandom random) {
        int from = sector * 512;
        int to = Math.min(last, from + 511);
        List<Integer> out = new ArrayList<>();
        if (every) {
            for (int i = from; i <= to; i++) {
                out.add(i);
            }
            return out;
        }
        if (sector == 0) {
            for (int i = 0; i < Math.min(64, to + 1); i++) {
                out.add(i);
            }
        }
        for (int k = 0; k < 8; k++) {
            out.add(from + random.nextInt(to - from + 1));
        }
        return out;
    }

    private static List<String> devices(PoolModel model) {
        List<String> all = new ArrayList<>(model.snapshotNames());
        all.add(PoolModel.ORIGIN);
        return all;
    }

    private static Volume volume(Pool pool, String dev) {
        return PoolModel.ORIGIN.equals(dev) ? pool.origin() : pool.snapshotVolume(dev);
    }
}
