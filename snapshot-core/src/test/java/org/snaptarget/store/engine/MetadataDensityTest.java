package org.snaptarget.store.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.format.FormatConstants;

/** The metadata goal (≤ 40 bytes per exception entry, issue 2) under two opposite insert patterns. */
class MetadataDensityTest {

    static final int CHUNK = 4096;
    static final int CHUNKS = 4096;
    @TempDir
    Path dir;

    static double bytesPerEntry(Pool pool) {
        var s = ((PoolEngine) pool).state();
        s.lock.readLock().lock();
        try {
            int[] nodes = {0};
            s.tree.forEachNode(n -> nodes[0]++);
            return nodes[0] * (double) FormatConstants.BLOCK_SIZE / s.tree.entryCount();
        } finally {
            s.lock.readLock().unlock();
        }
    }

    Pool pool() {
        return Pool.create(PoolConfig.of(dir.resolve("o"), (long) CHUNKS * CHUNK, dir.resolve("s"), 64L << 20)
                .withChunkSize(CHUNK).withFileSystem(new MemoryFileSystem()));
    }

    @Test
    void manyInterleavedAppendStreamsStayUnderFortyBytesPerEntry() {
        try (Pool pool = pool()) {
            for (int i = 0; i < 24; i++) {
                pool.createSnapshot("m" + i, null, false);
                pool.snapshotVolume("m" + i).unmap(0, (long) CHUNKS * CHUNK);
            }
            assertEquals(24L * CHUNKS, pool.stats().exceptionEntries());
            double perEntry = bytesPerEntry(pool);
            assertTrue(perEntry <= 40, perEntry + " bytes of tree nodes per entry");
            System.out.printf("append streams: %.1f bytes of tree per entry%n", perEntry);
            assertTrue(pool.check().clean());
        }
    }

    @Test
    void randomCopyOutsStayUnderFortyBytesPerEntry() {
        try (Pool pool = pool()) {
            var r = new SplittableRandom(11);
            var block = ByteBuffer.allocate(512);
            for (int round = 0; round < 6; round++) {
                pool.createSnapshot("r" + round, null, false);
                for (int i = 0; i < 4000; i++) {
                    pool.origin().write((long) r.nextInt(CHUNKS) * CHUNK, block.clear());
                }
            }
            long entries = pool.stats().exceptionEntries();
            assertTrue(entries > 10_000, entries + " entries");
            double perEntry = bytesPerEntry(pool);
            assertTrue(perEntry <= 40, perEntry + " bytes of tree nodes per entry over " + entries + " entries");
            System.out.printf("random copy-outs: %.1f bytes of tree per entry over %d entries%n", perEntry, entries);
            assertTrue(pool.check().clean());
        }
    }
}
