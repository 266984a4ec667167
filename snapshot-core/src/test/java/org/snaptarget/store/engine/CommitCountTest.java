package org.snaptarget.store.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;

/** {@link Pool#commitCount()} and {@link Pool#lastCommitDuration()}: one per durable commit, of every kind. */
class CommitCountTest {

    private static final int CHUNK = 4096;

    @TempDir
    Path dir;

    private Pool create() {
        return Pool.create(PoolConfig.of(dir.resolve("o"), 64L * CHUNK, dir.resolve("s"), 1024L * CHUNK)
                .withChunkSize(CHUNK));
    }

    @Test
    void snapshotCreateAndDeleteAreOneCommitEach() {
        try (Pool pool = create()) {
            long formatted = pool.commitCount();
            assertTrue(formatted >= 1, "formatting commits generation 1");
            pool.createSnapshot("a", null, false);
            assertEquals(formatted + 1, pool.commitCount());
            assertTrue(pool.lastCommitDuration().compareTo(Duration.ZERO) > 0, pool.lastCommitDuration().toString());
            pool.deleteSnapshot("a");
            assertEquals(formatted + 2, pool.commitCount());
        }
    }

    @Test
    void inPlaceWritesDoNotCommitButAFlushAfterACopyOutDoes() {
        try (Pool pool = create()) {
            long start = pool.commitCount();
            pool.origin().write(0, ByteBuffer.allocate(CHUNK));
            pool.origin().flush();
            assertEquals(start, pool.commitCount(), "no snapshot: the write is in place and the flush has nothing to commit");
            pool.createSnapshot("s", null, true);
            long afterSnapshot = pool.commitCount();
            pool.origin().write(CHUNK, ByteBuffer.allocate(CHUNK));
            pool.origin().flush();
            assertTrue(pool.commitCount() > afterSnapshot, "the copy-out's mapping became durable");
        }
    }

    @Test
    void theCountStartsAfreshWhenThePoolIsOpenedAgain() {
        PoolConfig config = PoolConfig.of(dir.resolve("o"), 64L * CHUNK, dir.resolve("s"), 1024L * CHUNK)
                .withChunkSize(CHUNK);
        try (Pool pool = Pool.create(config)) {
            pool.createSnapshot("a", null, false);
        }
        try (Pool pool = Pool.open(config)) {
            assertEquals(0, pool.commitCount());
            assertEquals(Duration.ZERO, pool.lastCommitDuration());
            pool.createSnapshot("b", null, false);
            assertEquals(1, pool.commitCount());
        }
    }
}
