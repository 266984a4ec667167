package org.snaptarget.store.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.btree.ExceptionEntry;

/** Replays FORMAT.md section 7, "Worked example", and checks its ids, entries and bytes. */
class WorkedExampleTest {

    static final int CHUNK = 4096;
    static final long C = 7;

    @TempDir
    Path dir;

    static ByteBuffer chunkOf(int v) {
        byte[] b = new byte[CHUNK];
        Arrays.fill(b, (byte) v);
        return ByteBuffer.wrap(b);
    }

    static int valueOf(Pool pool, String device) {
        var buf = ByteBuffer.allocate(CHUNK);
        (device == null ? pool.origin() : pool.snapshotVolume(device)).read(C * CHUNK, buf);
        byte first = buf.get(0);
        for (int i = 1; i < CHUNK; i++) {
            assertEquals(first, buf.get(i), "byte " + i + " of " + device);
        }
        return first;
    }

    static List<ExceptionEntry> entries(Pool pool) {
        var s = ((PoolEngine) pool).state();
        s.lock.readLock().lock();
        try {
            return s.tree.entriesOf(C);
        } finally {
            s.lock.readLock().unlock();
        }
    }

    static void assertRanges(List<ExceptionEntry> es, long... fromTo) {
        assertEquals(fromTo.length / 2, es.size(), es.toString());
        for (int i = 0; i < es.size(); i++) {
            assertEquals(fromTo[2 * i], es.get(i).idFrom(), "idFrom of entry " + i + ": " + es);
            assertEquals(fromTo[2 * i + 1], es.get(i).idTo(), "idTo of entry " + i + ": " + es);
        }
    }

    @Test
    void theSplitRuleGivesTheWriterAndItsFutureChildrenTheNewVersionAndKeepsExistingDescendantsOnTheOld() {
        var config = PoolConfig.of(dir.resolve("o"), 16 * CHUNK, dir.resolve("s"), 256L * CHUNK).withChunkSize(CHUNK);
        try (Pool pool = Pool.create(config)) {
            pool.origin().write(C * CHUNK, chunkOf(10));
            assertEquals(0x1FFFFFFFFFFFFFFFL, pool.createSnapshot("a", null, false).id().bits());
            assertEquals(0x3FFFFFFFFFFFFFFFL, pool.createSnapshot("b", null, false).id().bits());

            pool.origin().write(C * CHUNK, chunkOf(99));
            assertRanges(entries(pool), 0, 0x3FFFFFFFFFFFFFFFL);
            long x = entries(pool).get(0).storeChunk();

            pool.snapshotVolume("a").write(C * CHUNK, chunkOf(11));
            var step2 = entries(pool);
            assertRanges(step2, 0, 0x1FFFFFFFFFFFFFFFL, 0x2000000000000000L, 0x3FFFFFFFFFFFFFFFL);
            long y = step2.get(0).storeChunk();
            assertEquals(x, step2.get(1).storeChunk());
            assertNotEquals(x, y);

            assertEquals(0x03FFFFFFFFFFFFFFL, pool.createSnapshot("a0", "a", false).id().bits());
            assertEquals(11, valueOf(pool, "a0"));

            pool.snapshotVolume("a").write(C * CHUNK, chunkOf(12));
            var step4 = entries(pool);
            assertRanges(step4, 0, 0x03FFFFFFFFFFFFFFL, 0x0400000000000000L, 0x1FFFFFFFFFFFFFFFL,
                    0x2000000000000000L, 0x3FFFFFFFFFFFFFFFL);
            assertEquals(y, step4.get(0).storeChunk());
            assertEquals(x, step4.get(2).storeChunk());

            assertEquals(0x07FFFFFFFFFFFFFFL, pool.createSnapshot("a1", "a", false).id().bits());
            assertEquals(0x5FFFFFFFFFFFFFFFL, pool.createSnapshot("c", null, false).id().bits());
            assertEquals(12, valueOf(pool, "a1"));
            assertEquals(12, valueOf(pool, "a"));
            assertEquals(11, valueOf(pool, "a0"));
            assertEquals(10, valueOf(pool, "b"));
            assertEquals(99, valueOf(pool, "c"));
            assertEquals(99, valueOf(pool, null));
            assertTrue(pool.check().clean(), pool.check().problems().toString());
        }
    }
}
