package org.snaptarget.store.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;

class SweepTest {

    static long cursorOf(EngineState s) {
        s.lock.readLock().lock();
        try {
            return s.sweepCursor;
        } finally {
            s.lock.readLock().unlock();
        }
    }

    static final int CHUNK = 4096;
    static final int CHUNKS = 2048;

    @Test
    void aSweepCutShortByCloseResumesFromItsPersistedCursorAfterReopen() {
        var fs = new MemoryFileSystem();
        var config = PoolConfig.of(Path.of("/m/o"), (long) CHUNKS * CHUNK, Path.of("/m/s"), 8192L * CHUNK)
                .withChunkSize(CHUNK).withFileSystem(fs);
        var slow = new EngineOptions(1024, 8, 64, Duration.ofMillis(200), false);
        long freeBefore;
        try (Pool pool = PoolEngine.create(config, slow)) {
            freeBefore = pool.stats().blocksFree();
            for (int i = 0; i < 3; i++) {
                pool.createSnapshot("s" + i, null, false);
                pool.snapshotVolume("s" + i).write(0, ByteBuffer.allocate(CHUNKS * CHUNK));
            }
            for (int i = 0; i < 3; i++) {
                pool.deleteSnapshot("s" + i);
            }
            assertFalse(pool.awaitSweep(Duration.ofMillis(50)), "a throttled sweep of 6144 entries is not done at once");
            var st = ((PoolEngine) pool).state();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (cursorOf(st) == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(pool.stats().bytesPendingReclaim() > 0);
        }
        try (Pool pool = PoolEngine.open(config, slow.asReadOnly())) {
            var s = ((PoolEngine) pool).state();
            assertNotEquals(0, s.sweepFlags, "the pass is still pending on disk");
            assertTrue(s.sweepCursor > 0, "and it had made progress: cursor " + s.sweepCursor);
        }
        try (Pool pool = Pool.open(config)) {
            assertTrue(pool.awaitSweep(Duration.ofSeconds(20)));
            assertEquals(0, pool.stats().bytesPendingReclaim());
            assertEquals(0, pool.stats().exceptionEntries());
            pool.origin().flush();
            assertTrue(pool.stats().blocksFree() >= freeBefore - 2, pool.stats() + " vs " + freeBefore);
            assertTrue(pool.check().clean());
        }
    }
}
