package org.snaptarget.lun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.scsi.DeviceIdentity;
import org.snaptarget.scsi.SpaceExhaustedException;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;

/** StoreBlockDevice over a real pool in a temporary directory. */
class StoreBlockDeviceTest {

    static final int CHUNK = 4096;
    static final long ORIGIN = 4L << 20;
    static final DeviceIdentity ID = new DeviceIdentity(0x5d7a060000000001L, "5d7a060000000001");

    @TempDir
    Path dir;
    Pool pool;
    SnapshotBarrier barrier = new SnapshotBarrier();
    AtomicInteger changes = new AtomicInteger();

    @BeforeEach
    void createPool() {
        pool = Pool.create(PoolConfig.of(dir.resolve("o"), ORIGIN, dir.resolve("s"), 8L << 20).withChunkSize(CHUNK));
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    StoreBlockDevice origin() {
        return new StoreBlockDevice(pool.origin(), false, ID, dir.resolve("o.pr"), barrier, CHUNK, changes::incrementAndGet);
    }

    StoreBlockDevice snapshot(String name, boolean exportedReadOnly) {
        return new StoreBlockDevice(pool.snapshotVolume(name), exportedReadOnly, ID, null, barrier, CHUNK,
                changes::incrementAndGet);
    }

    static byte[] pattern(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] read(StoreBlockDevice d, long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        d.read(offset, buf);
        assertFalse(buf.hasRemaining());
        return buf.array();
    }

    @Test
    void geometryAndThinProvisioningReportTheVolume() {
        StoreBlockDevice d = origin();
        assertEquals(ORIGIN, d.size());
        assertEquals(512, d.blockSize());
        assertTrue(d.thinProvisioned());
        assertTrue(d.unmapReadsZero());
        assertEquals(CHUNK / 512, d.unmapGranularityBlocks());
        assertEquals(0, d.physicalBlockExponent(), "one logical block per physical block, see the class comment");
        assertEquals(ID, d.identity());
        assertEquals(dir.resolve("o.pr"), d.reservationFile().orElseThrow());
        assertFalse(d.readOnly());
    }

    @Test
    void writesAreReadBackIncludingAcrossChunksAndWithFua() throws IOException {
        StoreBlockDevice d = origin();
        byte[] data = pattern(3 * CHUNK + 1024, 7);
        d.write(CHUNK / 2, ByteBuffer.wrap(data), true);
        assertArrayEquals(data, read(d, CHUNK / 2, data.length));
        assertEquals(1, changes.get());
    }

    @Test
    void gatheredWriteOfSeveralBuffersLandsBackToBack() throws IOException {
        StoreBlockDevice d = origin();
        byte[] a = pattern(1536, 1);
        byte[] b = pattern(2560, 2);
        d.write(8192, new ByteBuffer[] {ByteBuffer.wrap(a), ByteBuffer.wrap(b)}, false);
        byte[] both = read(d, 8192, a.length + b.length);
        byte[] expected = new byte[a.length + b.length];
        System.arraycopy(a, 0, expected, 0, a.length);
        System.arraycopy(b, 0, expected, a.length, b.length);
        assertArrayEquals(expected, both);
    }

    @Test
    void transfersEndingMidBlockKeepTheRestOfTheBlock() throws IOException {
        StoreBlockDevice d = origin();
        byte[] base = pattern(2048, 3);
        d.write(0, ByteBuffer.wrap(base), false);
        byte[] ragged = pattern(700, 4);
        d.write(100, new ByteBuffer[] {ByteBuffer.wrap(ragged)}, false);
        byte[] expected = base.clone();
        System.arraycopy(ragged, 0, expected, 100, ragged.length);
        assertArrayEquals(expected, read(d, 0, 2048));
        byte[] part = read(d, 100, 700);
        assertArrayEquals(ragged, part);
    }

    @Test
    void snapshotKeepsItsDataWhileTheOriginIsOverwritten() throws IOException {
        StoreBlockDevice o = origin();
        byte[] a = pattern(4 * CHUNK, 5);
        o.write(0, ByteBuffer.wrap(a), false);
        pool.createSnapshot("s", null, false);
        byte[] b = pattern(4 * CHUNK, 6);
        o.write(0, ByteBuffer.wrap(b), false);
        StoreBlockDevice s = snapshot("s", false);
        assertArrayEquals(a, read(s, 0, a.length));
        assertArrayEquals(b, read(o, 0, b.length));
    }

    @Test
    void unmapOfASnapshotReadsZerosAndFreesItsPrivateChunks() throws IOException {
        StoreBlockDevice o = origin();
        o.write(0, ByteBuffer.wrap(pattern(8 * CHUNK, 8)), false);
        pool.createSnapshot("s", null, false);
        StoreBlockDevice s = snapshot("s", false);
        s.write(0, ByteBuffer.wrap(pattern(8 * CHUNK, 9)), false);
        long usedBefore = pool.stats().blocksUsed();
        s.unmap(0, 8 * CHUNK);
        assertArrayEquals(new byte[8 * CHUNK], read(s, 0, 8 * CHUNK));
        assertTrue(pool.awaitSweep(java.time.Duration.ofSeconds(10)));
        assertTrue(pool.stats().blocksUsed() < usedBefore,
                "unmap freed nothing: " + usedBefore + " -> " + pool.stats().blocksUsed());
        assertArrayEquals(pattern(8 * CHUNK, 8), read(o, 0, 8 * CHUNK), "the origin keeps its data");
    }

    @Test
    void unmapOfTheOriginReadsZerosWhileTheSnapshotKeepsItsData() throws IOException {
        StoreBlockDevice o = origin();
        byte[] a = pattern(2 * CHUNK, 10);
        o.write(0, ByteBuffer.wrap(a), false);
        pool.createSnapshot("s", null, true);
        o.unmap(0, 2 * CHUNK);
        assertArrayEquals(new byte[2 * CHUNK], read(o, 0, 2 * CHUNK));
        assertArrayEquals(a, read(snapshot("s", false), 0, 2 * CHUNK));
    }

    @Test
    void getLbaStatusReportsAnUnmappedRangeDeallocatedAndWrittenDataMapped() throws IOException {
        StoreBlockDevice o = origin();
        o.write(0, ByteBuffer.wrap(pattern(4 * CHUNK, 11)), false);
        o.unmap(CHUNK, 2 * CHUNK);
        assertEquals(new BlockDevice.ProvisioningStatus(true, CHUNK), o.provisioningStatus(0, 4 * CHUNK));
        assertEquals(new BlockDevice.ProvisioningStatus(false, 2 * CHUNK), o.provisioningStatus(CHUNK, 3 * CHUNK));
        assertEquals(new BlockDevice.ProvisioningStatus(true, CHUNK), o.provisioningStatus(3 * CHUNK, CHUNK));
        long tail = o.size() - 2 * CHUNK;
        assertEquals(new BlockDevice.ProvisioningStatus(false, 2 * CHUNK), o.provisioningStatus(tail, 2 * CHUNK),
                "never-written blocks read zeros and are reported deallocated");
    }

    @Test
    void readOnlySnapshotOrReadOnlyExportIsWriteProtected() throws IOException {
        pool.createSnapshot("ro", null, true);
        pool.createSnapshot("rw", null, false);
        assertTrue(snapshot("ro", false).readOnly());
        assertTrue(snapshot("rw", true).readOnly());
        assertFalse(snapshot("rw", false).readOnly());
        assertThrows(IOException.class, () -> snapshot("rw", true).write(0, ByteBuffer.allocate(512), false));
        assertThrows(IOException.class, () -> snapshot("ro", false).unmap(0, 512));
    }

    @Test
    void fullStoreRefusesWritesNeedingSpaceButReadsAndInPlaceWritesGoOn() throws IOException {
        pool.close();
        pool = Pool.create(PoolConfig.of(dir.resolve("o2"), ORIGIN, dir.resolve("s2"), 512 * 1024).withChunkSize(CHUNK));
        StoreBlockDevice o = origin();
        byte[] a = pattern((int) ORIGIN, 11);
        o.write(0, ByteBuffer.wrap(a), false);
        pool.createSnapshot("s", null, true);
        byte[] b = pattern(CHUNK, 12);
        long offset = 0;
        SpaceExhaustedException full = null;
        for (; offset < ORIGIN; offset += CHUNK) {
            try {
                o.write(offset, ByteBuffer.wrap(b), false);
            } catch (SpaceExhaustedException e) {
                full = e;
                break;
            }
        }
        assertTrue(full != null, "a 512 KiB store never filled up copying out a 4 MiB origin");
        assertTrue(offset > 0, "no copy-out fitted at all");
        byte[] c = pattern(CHUNK, 13);
        o.write(0, ByteBuffer.wrap(c), true);
        assertArrayEquals(c, read(o, 0, CHUNK), "a chunk already copied out is written in place");
        StoreBlockDevice s = snapshot("s", false);
        assertArrayEquals(java.util.Arrays.copyOfRange(a, 0, 2 * CHUNK), read(s, 0, 2 * CHUNK));
        long stuck = offset;
        assertArrayEquals(java.util.Arrays.copyOfRange(a, (int) stuck, (int) stuck + CHUNK), read(o, stuck, CHUNK),
                "the refused write left the origin untouched");
    }

    @Test
    void accessesOutsideTheDeviceAreRefused() {
        StoreBlockDevice d = origin();
        assertThrows(IndexOutOfBoundsException.class, () -> d.read(ORIGIN, ByteBuffer.allocate(512)));
        assertThrows(IndexOutOfBoundsException.class, () -> d.write(ORIGIN - 512, ByteBuffer.allocate(1024), false));
    }
}
