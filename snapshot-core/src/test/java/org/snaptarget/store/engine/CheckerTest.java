package org.snaptarget.store.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.snaptarget.store.CheckReport;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.btree.ExceptionEntry;
import org.snaptarget.store.format.IdScheme;

/** The checker reports each kind of broken invariant, with its location (damage made in memory). */
class CheckerTest {

    static final int CHUNK = 4096;

    static CheckReport damaged(Consumer<EngineState> damage) {
        var config = PoolConfig.of(Path.of("/c/o"), 64L * CHUNK, Path.of("/c/s"), 512L * CHUNK).withChunkSize(CHUNK)
                .withFileSystem(new MemoryFileSystem());
        Pool pool = Pool.create(config);
        pool.createSnapshot("a", null, false);
        pool.createSnapshot("b", null, false);
        pool.origin().write(0, ByteBuffer.allocate(2 * CHUNK));
        pool.snapshotVolume("a").write(4 * CHUNK, ByteBuffer.allocate(CHUNK));
        assertTrue(pool.check().clean(), pool.check().problems().toString());
        var s = ((PoolEngine) pool).state();
        s.lock.writeLock().lock();
        try {
            damage.accept(s);
        } finally {
            s.lock.writeLock().unlock();
        }
        var report = pool.check();
        s.turnReadOnly("damaged on purpose by the test");
        var refused = assertThrows(StoreException.ReadOnly.class, pool::close,
                "closing a read-only pool with uncommitted changes says they are lost");
        assertTrue(refused.getMessage().contains("damaged on purpose"), refused.getMessage());
        return report;
    }

    static void assertReports(CheckReport r, String fragment) {
        assertFalse(r.clean());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains(fragment)), "no problem mentions '" + fragment + "': " + r.problems());
    }

    @Test
    void aLeakedBlockIsReported() {
        assertReports(damaged(s -> s.allocator.allocateBlock(false)), "unreferenced (a leak)");
    }

    @Test
    void aReferencedBlockMarkedFreeIsReported() {
        assertReports(damaged(s -> s.allocator.freeNow(s.tree.root(), 1)), "allocation map says free");
    }

    @Test
    void overlappingRangesOfOneChunkAreReported() {
        assertReports(damaged(s -> {
            var e = s.tree.entriesOf(0).getFirst();
            s.tree.insert(ExceptionEntry.mapped(0, e.idFrom() + 1, e.idFrom() + 2, e.storeChunk()));
        }), "overlaps the previous entry");
    }

    @Test
    void aStoreChunkSharedByTwoDataChunksIsReported() {
        assertReports(damaged(s -> {
            var e = s.tree.entriesOf(0).getFirst();
            s.tree.insert(ExceptionEntry.mapped(9, 0, 5, e.storeChunk()));
        }), "also used by chunk 0");
    }

    @Test
    void anEntryReachingTheOriginsOwnRangeIsReported() {
        assertReports(damaged(s -> s.tree.insert(ExceptionEntry.unmapped(20, 0, IdScheme.ORIGIN))), "origin's own range");
    }

    @Test
    void anEntryCuttingALiveSnapshotsOwnRangeIsReported() {
        assertReports(damaged(s -> {
            long a = s.table.byName("a").id();
            s.tree.insert(ExceptionEntry.unmapped(30, a, a));
            s.table.allocateChild(a, "a");
            s.table.allocateChild(a, "a");
            long b = s.table.byName("b").id();
            s.tree.insert(ExceptionEntry.unmapped(31, IdScheme.subtreeStart(b) + 1, b));
        }), "cuts snapshot");
    }

    @Test
    void anEntryCountDifferentFromTheTreesIsReported() {
        assertReports(damaged(s -> s.tree = new org.snaptarget.store.btree.ExceptionTree(s.nodes, s.tree.root(), 99)),
                "the superblock says 99");
    }
}
