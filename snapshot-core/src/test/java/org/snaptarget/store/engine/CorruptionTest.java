package org.snaptarget.store.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.check.PoolChecker;
import org.snaptarget.store.format.FormatConstants;

class CorruptionTest {

    static final int CHUNK = 4096;
    @TempDir
    Path dir;

    PoolConfig config() {
        return PoolConfig.of(dir.resolve("o"), 64 * CHUNK, dir.resolve("s"), 1024L * CHUNK).withChunkSize(CHUNK);
    }

    /** A pool whose tree is a single leaf holding one entry per origin chunk; returns the leaf's block. */
    long buildAndClose() {
        try (Pool pool = Pool.create(config())) {
            pool.createSnapshot("a", null, false);
            for (int c = 0; c < 64; c++) {
                pool.origin().write((long) c * CHUNK, ByteBuffer.wrap(new byte[CHUNK]));
            }
            var s = ((PoolEngine) pool).state();
            pool.origin().flush();
            return s.tree.root();
        }
    }

    static void flip(Path file, long position) throws IOException {
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0x04);
        }
    }

    @Test
    void aFlippedLeafByteTurnsThePoolReadOnlyAndReadsThroughItNameBlockExpectedAndActual() throws IOException {
        long leaf = buildAndClose();
        flip(dir.resolve("s"), leaf * FormatConstants.BLOCK_SIZE + FormatConstants.NODE_HEADER_LENGTH + 30);
        try (Pool pool = Pool.open(config())) {
            assertTrue(pool.isReadOnly(), "corruption found at open turns the pool read-only");
            var e = assertThrows(StoreException.Corruption.class,
                    () -> pool.snapshotVolume("a").read(0, ByteBuffer.allocate(CHUNK)));
            assertEquals(leaf, e.block());
            assertTrue(e.getMessage().matches(".*node checksum expected 0x[0-9a-f]{8}, found 0x[0-9a-f]{8}.*"), e.getMessage());
            pool.origin().read(0, ByteBuffer.allocate(CHUNK));
            assertThrows(StoreException.ReadOnly.class, () -> pool.origin().write(0, ByteBuffer.allocate(512)));
            assertThrows(StoreException.ReadOnly.class, () -> pool.createSnapshot("b", null, false));
            assertFalse(pool.check().clean());
        }
        var offline = PoolChecker.checkOffline(config());
        assertFalse(offline.clean());
        assertTrue(offline.problems().stream().anyMatch(p -> p.contains("block " + leaf)), offline.problems().toString());
    }

    @Test
    void aTornNewestSuperblockFallsBackToTheOlderOne() throws IOException {
        buildAndClose();
        var before = PoolChecker.checkOffline(config());
        assertTrue(before.clean(), before.problems().toString());
        long newest;
        try (Pool pool = Pool.open(config())) {
            newest = ((PoolEngine) pool).state().txn - 1;
            pool.createSnapshot("late", null, false);
        }
        flip(dir.resolve("s"), ((newest + 1) & 1) * FormatConstants.BLOCK_SIZE + 100);
        try (Pool pool = Pool.open(config())) {
            assertFalse(pool.isReadOnly());
            assertTrue(pool.snapshot("late").isEmpty(), "the torn commit is not seen");
            assertTrue(pool.snapshot("a").isPresent());
            assertTrue(pool.check().clean());
        }
    }

    @Test
    void bothSuperblocksBadIsACorruptionNamingBothSlots() throws IOException {
        buildAndClose();
        flip(dir.resolve("s"), 10);
        flip(dir.resolve("s"), FormatConstants.BLOCK_SIZE + 10);
        var e = assertThrows(StoreException.Corruption.class, () -> Pool.open(config()));
        assertTrue(e.getMessage().contains("slot 0") && e.getMessage().contains("slot 1"), e.getMessage());
    }

    @Test
    void creatingOverAnExistingPoolIsRefused() {
        buildAndClose();
        var e = assertThrows(StoreException.InvalidRequest.class, () -> Pool.create(config()));
        assertTrue(e.getMessage().contains("already holds a pool"), e.getMessage());
    }
}
