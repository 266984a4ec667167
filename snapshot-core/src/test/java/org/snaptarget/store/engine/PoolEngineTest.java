package org.snaptarget.store.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.Volume;

class PoolEngineTest {

    static final int CHUNK = 4096;
    @TempDir
    Path dir;
    PoolConfig config;
    Pool pool;

    @BeforeEach
    void setUp() {
        config = PoolConfig.of(dir.resolve("origin"), 64 * CHUNK, dir.resolve("store"), 2048L * 4096).withChunkSize(CHUNK);
        pool = Pool.create(config);
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    static ByteBuffer fill(int len, int value) {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) value);
        return ByteBuffer.wrap(b);
    }

    static byte[] read(Volume v, long offset, int len) {
        var buf = ByteBuffer.allocate(len);
        v.read(offset, buf);
        return buf.array();
    }

    static void assertAll(byte[] data, int value) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] != (byte) value) {
                fail("byte " + i + " is " + data[i] + ", expected " + (byte) value);
            }
        }
    }

    void assertClean() {
        var report = pool.check();
        assertTrue(report.clean(), () -> String.join("\n", report.problems()));
    }

    @Test
    void snapshotKeepsOriginDataAfterOriginOverwrite() {
        pool.origin().write(0, fill(2 * CHUNK, 1));
        pool.createSnapshot("s1", null, false);
        pool.origin().write(512, fill(1024, 2));
        assertAll(read(pool.snapshotVolume("s1"), 0, 2 * CHUNK), 1);
        byte[] o = read(pool.origin(), 0, CHUNK);
        assertEquals(2, o[512]);
        assertEquals(1, o[0]);
        assertEquals(1, pool.stats().exceptionEntries());
        assertClean();
    }

    @Test
    void copyOutIsSharedByAllSnapshotsNeedingIt() {
        pool.origin().write(0, fill(CHUNK, 1));
        pool.createSnapshot("a", null, false);
        pool.createSnapshot("b", null, false);
        pool.createSnapshot("c", null, false);
        pool.origin().write(0, fill(CHUNK, 2));
        assertEquals(1, pool.stats().exceptionEntries());
        for (String s : new String[] {"a", "b", "c"}) {
            assertAll(read(pool.snapshotVolume(s), 0, CHUNK), 1);
            assertEquals(0, pool.snapshot(s).orElseThrow().exclusiveBytes());
        }
        assertClean();
    }

    @Test
    void snapshotWriteSplitsSharedChunkAndKeepsOthers() {
        pool.origin().write(0, fill(CHUNK, 1));
        pool.createSnapshot("a", null, false);
        pool.createSnapshot("b", null, false);
        pool.origin().write(0, fill(CHUNK, 2));
        pool.snapshotVolume("a").write(0, fill(512, 3));
        byte[] a = read(pool.snapshotVolume("a"), 0, CHUNK);
        assertEquals(3, a[0]);
        assertEquals(1, a[512]);
        assertAll(read(pool.snapshotVolume("b"), 0, CHUNK), 1);
        assertAll(read(pool.origin(), 0, CHUNK), 2);
        assertEquals(CHUNK, pool.snapshot("a").orElseThrow().exclusiveBytes());
        assertEquals(CHUNK, pool.snapshot("b").orElseThrow().exclusiveBytes());
        assertClean();
    }

    @Test
    void snapshotOfSnapshotSeesParentDataAtCreationAndParentWritesAfterDoNotLeak() {
        pool.createSnapshot("a", null, false);
        pool.snapshotVolume("a").write(0, fill(CHUNK, 5));
        pool.createSnapshot("a1", "a", false);
        pool.snapshotVolume("a").write(0, fill(CHUNK, 6));
        assertAll(read(pool.snapshotVolume("a1"), 0, CHUNK), 5);
        assertAll(read(pool.snapshotVolume("a"), 0, CHUNK), 6);
        pool.createSnapshot("a2", "a", false);
        assertAll(read(pool.snapshotVolume("a2"), 0, CHUNK), 6);
        pool.snapshotVolume("a1").write(0, fill(CHUNK, 7));
        assertAll(read(pool.snapshotVolume("a2"), 0, CHUNK), 6);
        assertAll(read(pool.snapshotVolume("a1"), 0, CHUNK), 7);
        assertAll(read(pool.origin(), 0, CHUNK), 0);
        assertClean();
    }

    @Test
    void unmapOfSnapshotReadsZerosAndFreesPrivateChunk() {
        pool.origin().write(0, fill(CHUNK, 1));
        pool.createSnapshot("a", null, false);
        pool.snapshotVolume("a").write(0, fill(CHUNK, 4));
        long free = pool.stats().blocksFree();
        pool.snapshotVolume("a").unmap(0, CHUNK);
        pool.origin().flush();
        assertAll(read(pool.snapshotVolume("a"), 0, CHUNK), 0);
        assertAll(read(pool.origin(), 0, CHUNK), 1);
        assertEquals(free + 1, pool.stats().blocksFree());
        assertClean();
    }

    @Test
    void deleteThenSweepFreesWhatExclusiveSpaceSaid() {
        pool.createSnapshot("a", null, false);
        pool.createSnapshot("b", null, false);
        pool.snapshotVolume("a").write(0, fill(3 * CHUNK, 4));
        pool.origin().write(8 * CHUNK, fill(CHUNK, 9));
        long exclusive = pool.snapshot("a").orElseThrow().exclusiveBytes();
        assertEquals(3 * CHUNK, exclusive);
        long free = pool.stats().blocksFree();
        pool.deleteSnapshot("a");
        assertTrue(pool.snapshot("a").isEmpty());
        assertTrue(pool.awaitSweep(Duration.ofSeconds(10)));
        pool.origin().flush();
        assertEquals(free + 3, pool.stats().blocksFree());
        assertEquals(CHUNK, pool.snapshot("b").orElseThrow().exclusiveBytes());
        assertEquals(0, pool.stats().bytesPendingReclaim());
        assertClean();
    }

    @Test
    void reopenKeepsEverything() {
        pool.origin().write(0, fill(CHUNK, 1));
        pool.createSnapshot("a", null, true);
        pool.origin().write(0, fill(CHUNK, 2));
        pool.createSnapshot("b", null, false);
        pool.snapshotVolume("b").write(CHUNK, fill(CHUNK, 3));
        pool.close();
        pool = Pool.open(config);
        assertAll(read(pool.snapshotVolume("a"), 0, CHUNK), 1);
        assertAll(read(pool.snapshotVolume("b"), 0, CHUNK), 2);
        assertAll(read(pool.snapshotVolume("b"), CHUNK, CHUNK), 3);
        assertTrue(pool.snapshot("a").orElseThrow().readOnly());
        assertThrows(StoreException.ReadOnly.class, () -> pool.snapshotVolume("a").write(0, fill(512, 1)));
        assertClean();
    }

    @Test
    void storeFullIsTypedAndDeletingSnapshotsMakesRoom() {
        pool.createSnapshot("a", null, false);
        var a = pool.snapshotVolume("a");
        long chunks = pool.stats().blocksFree();
        int written = 0;
        try {
            for (int i = 0; i < 64; i++) {
                a.write((long) i * CHUNK, fill(CHUNK, 1));
                written++;
            }
            pool.createSnapshot("b", null, false);
            for (int i = 0; i < 64; i++) {
                pool.snapshotVolume("b").write((long) i * CHUNK, fill(CHUNK, 1));
            }
            for (int n = 0; n < 100; n++) {
                pool.createSnapshot("c" + n, null, false);
                for (int i = 0; i < 64; i++) {
                    pool.snapshotVolume("c" + n).write((long) i * CHUNK, fill(CHUNK, 1));
                }
            }
            fail("store of " + chunks + " chunks never filled");
        } catch (StoreException.StoreFull expected) {
            assertTrue(written > 0);
        }
        a.write(0, fill(CHUNK, 7));
        assertAll(read(a, 0, CHUNK), 7);
        for (var info : pool.snapshots()) {
            pool.deleteSnapshot(info.name());
        }
        assertTrue(pool.awaitSweep(Duration.ofSeconds(20)));
        pool.origin().flush();
        pool.createSnapshot("d", null, false);
        pool.snapshotVolume("d").write(0, fill(CHUNK, 8));
        assertClean();
    }

    @Test
    void closeMakesInPlaceSnapshotWritesDurable() throws Exception {
        var forces = new java.util.concurrent.atomic.AtomicInteger();
        var fs = new MemoryFileSystem() {
            @Override
            public org.snaptarget.store.io.StoreFile open(Path path, boolean create) throws java.io.IOException {
                var f = super.open(path, create);
                return new org.snaptarget.store.io.StoreFile() {
                    public void read(ByteBuffer dst, long position) throws java.io.IOException {
                        f.read(dst, position);
                    }

                    public void write(ByteBuffer src, long position) throws java.io.IOException {
                        f.write(src, position);
                    }

                    public void force() throws java.io.IOException {
                        if (path.endsWith("store")) {
                            forces.incrementAndGet();
                        }
                        f.force();
                    }

                    public long size() throws java.io.IOException {
                        return f.size();
                    }

                    public void setSize(long size) throws java.io.IOException {
                        f.setSize(size);
                    }

                    public void close() throws java.io.IOException {
                        f.close();
                    }
                };
            }
        };
        var cfg = config.withFileSystem(fs);
        try (Pool p = Pool.create(cfg)) {
            p.createSnapshot("s", null, false);
            p.snapshotVolume("s").write(0, fill(CHUNK, 1));
            p.snapshotVolume("s").flush();
            p.snapshotVolume("s").write(0, fill(CHUNK, 2));
            forces.set(0);
        }
        assertTrue(forces.get() >= 1, "close forced the store after an in-place write");
    }

    @Test
    void badArgumentsNameWhatIsWrong() {
        var e = assertThrows(StoreException.InvalidRequest.class, () -> pool.origin().write(100, fill(512, 1)));
        assertTrue(e.getMessage().contains("multiples of 512"), e.getMessage());
        assertThrows(StoreException.InvalidRequest.class, () -> pool.origin().read(64L * CHUNK, ByteBuffer.allocate(512)));
        pool.createSnapshot("x", null, false);
        assertThrows(StoreException.InvalidRequest.class, () -> pool.createSnapshot("x", null, false));
        assertThrows(StoreException.InvalidRequest.class, () -> pool.createSnapshot("y", "nope", false));
        assertThrows(StoreException.NotFound.class, () -> pool.deleteSnapshot("nope"));
    }
}
