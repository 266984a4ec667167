package org.snaptarget.store.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PoolModelTest {

    private static final int CHUNK = 4096;
    private static final String O = PoolModel.ORIGIN;

    private static byte[] bytes(int value, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void aSnapshotKeepsTheBytesItWasTakenWithWhileTheOriginMovesOn() {
        PoolModel m = new PoolModel(8 * CHUNK, CHUNK);
        m.write(O, 0, bytes(1, CHUNK));
        m.createSnapshot("a", null, false);
        m.write(O, 512, bytes(2, 1024));
        assertArrayEquals(bytes(1, 1024), m.read("a", 512, 1024));
        assertArrayEquals(bytes(2, 1024), m.read(O, 512, 1024));
    }

    @Test
    void aSnapshotOfASnapshotCopiesItsParentsCurrentBytes() {
        PoolModel m = new PoolModel(8 * CHUNK, CHUNK);
        m.createSnapshot("a", null, false);
        m.write("a", 0, bytes(3, 512));
        m.createSnapshot("b", "a", true);
        m.write("a", 0, bytes(4, 512));
        assertArrayEquals(bytes(3, 512), m.read("b", 0, 512));
        assertArrayEquals(bytes(0, 512), m.read(O, 0, 512));
        assertEquals("a", m.parentOf("b"));
        assertTrue(m.isReadOnly("b"));
        assertThrows(IllegalStateException.class, () -> m.write("b", 0, bytes(1, 512)));
    }

    @Test
    void unmapReadsZerosAndDeleteForgetsTheDevice() {
        PoolModel m = new PoolModel(8 * CHUNK, CHUNK);
        m.write(O, 0, bytes(5, 2 * CHUNK));
        m.createSnapshot("a", null, false);
        m.unmap("a", 512, CHUNK);
        assertArrayEquals(bytes(0, CHUNK), m.read("a", 512, CHUNK));
        assertArrayEquals(bytes(5, 512), m.read("a", 0, 512));
        m.deleteSnapshot("a");
        assertFalse(m.exists("a"));
        assertEquals(0, m.snapshotNames().size());
    }

    @Test
    void badExtentsAreRejected() {
        PoolModel m = new PoolModel(8 * CHUNK, CHUNK);
        assertThrows(IllegalArgumentException.class, () -> m.read(O, 100, 512));
        assertThrows(IllegalArgumentException.class, () -> m.read(O, 8 * CHUNK - 512, 1024));
        assertThrows(IllegalArgumentException.class, () -> m.read("nope", 0, 512));
    }

    @Test
    void exclusiveSpaceFollowsCopyOutSharingAndSplits() {
        PoolModel m = new PoolModel(8 * CHUNK, CHUNK);
        m.createSnapshot("a", null, false);
        m.createSnapshot("b", null, false);
        assertEquals(0, m.exclusiveBytes("a"), "still reads the origin");
        m.write(O, 0, bytes(1, 512));
        assertEquals(0, m.exclusiveBytes("a"), "the copied-out chunk is shared by a and b");
        assertEquals(1, m.storeChunksReferenced());
        m.write("a", 0, bytes(2, 512));
        assertEquals(CHUNK, m.exclusiveBytes("a"), "a split off its own copy");
        assertEquals(CHUNK, m.exclusiveBytes("b"), "b alone holds the old copy now");
        m.write("a", 0, bytes(3, 512));
        assertEquals(CHUNK, m.exclusiveBytes("a"), "a second write lands in place");
        m.write("a", CHUNK, bytes(3, 2 * CHUNK));
        assertEquals(3 * CHUNK, m.exclusiveBytes("a"), "writes over chunks still shared with the origin copy them");
        m.createSnapshot("c", "a", false);
        assertEquals(0, m.exclusiveBytes("a"), "a new child shares everything");
        m.unmap("a", 0, CHUNK);
        assertEquals(0, m.exclusiveBytes("a"));
        assertEquals(CHUNK, m.exclusiveBytes("c"), "the unmap left c alone with chunk 0");
        m.deleteSnapshot("b");
        assertEquals(3, m.storeChunksReferenced());
    }

    @Test
    void partialUnmapOfAnUnmappedChunkAllocatesNothing() {
        PoolModel m = new PoolModel(8 * CHUNK, CHUNK);
        m.createSnapshot("a", null, false);
        m.unmap("a", 0, CHUNK);
        m.unmap("a", 512, 512);
        assertEquals(0, m.exclusiveBytes("a"), "an unmapped chunk already reads zeros");
        m.unmap("a", CHUNK + 512, 512);
        assertEquals(CHUNK, m.exclusiveBytes("a"), "zeroing part of an origin-shared chunk copies it");
        assertArrayEquals(bytes(0, 2 * CHUNK), m.read("a", 0, 2 * CHUNK));
    }

    @Test
    void aCrashMayKeepAnyValueWrittenSinceTheLastFlushButNothingElse() {
        PoolModel m = new PoolModel(2 * CHUNK, CHUNK);
        m.write(O, 0, bytes(1, 1024));
        m.flush();
        m.write(O, 0, bytes(2, 512));
        m.write(O, 0, bytes(3, 512));
        byte[] disk = m.contents(O);
        assertTrue(m.crashMismatch(O, disk).isEmpty());
        System.arraycopy(bytes(2, 512), 0, disk, 0, 512);
        assertTrue(m.crashMismatch(O, disk).isEmpty(), "an older unforced write");
        System.arraycopy(bytes(1, 512), 0, disk, 0, 512);
        assertTrue(m.crashMismatch(O, disk).isEmpty(), "the durable value");
        System.arraycopy(bytes(2, 512), 0, disk, 512, 512);
        assertTrue(m.crashMismatch(O, disk).orElseThrow().contains("sector 1"), "a value never written to sector 1");
        assertFalse(m.settled(O));
        m.flush();
        assertTrue(m.settled(O));
        System.arraycopy(bytes(1, 512), 0, disk, 0, 512);
        assertTrue(m.crashMismatch(O, disk).isPresent(), "after a flush only the current value is allowed");
    }

    @Test
    void aNewSnapshotInheritsItsParentsUnflushedCandidates() {
        PoolModel m = new PoolModel(2 * CHUNK, CHUNK);
        m.write(O, 0, bytes(1, 512));
        m.createSnapshot("a", null, false);
        byte[] zeros = new byte[2 * CHUNK];
        assertTrue(m.crashMismatch("a", zeros).isEmpty(), "the origin write may not have been durable");
        assertTrue(m.crashMismatch("a", m.contents("a")).isEmpty());
    }
}
