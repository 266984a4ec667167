package org.snaptarget.store.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkVersionModelTest {

    private static final int CHUNK = 4096;
    private static final int CHUNKS = 8;

    @Test
    void agreesWithThePlainModelOnContentAndExclusiveSpaceForWholeChunkWorkloads() {
        for (long seed = 1; seed <= 30; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            ChunkVersionModel compact = new ChunkVersionModel(CHUNKS, CHUNK);
            PoolModel plain = new PoolModel((long) CHUNKS * CHUNK, CHUNK);
            int created = 0;
            for (int step = 0; step < 300; step++) {
                List<String> names = compact.snapshotNames();
                int roll = r.nextInt(10);
                if (roll < 2 || names.isEmpty()) {
                    String parent = names.isEmpty() || r.nextBoolean() ? null : names.get(r.nextInt(names.size()));
                    String name = "n" + (++created);
                    compact.createSnapshot(name, parent);
                    plain.createSnapshot(name, parent, false);
                } else if (roll < 3) {
                    String name = names.get(r.nextInt(names.size()));
                    compact.deleteSnapshot(name);
                    plain.deleteSnapshot(name);
                } else {
                    String dev = r.nextInt(3) == 0 ? PoolModel.ORIGIN : names.get(r.nextInt(names.size()));
                    int chunk = r.nextInt(CHUNKS);
                    long version = compact.write(dev, chunk);
                    plain.write(dev, (long) chunk * CHUNK, ChunkVersionModel.bytes(version, CHUNK));
                }
                Map<String, Long> exclusive = compact.exclusiveBytes();
                for (String name : compact.snapshotNames()) {
                    assertEquals(plain.exclusiveBytes(name), exclusive.get(name), "seed " + seed + " step " + step + " " + name);
                }
                assertEquals(plain.storeChunksReferenced(), compact.storeChunksReferenced(), "seed " + seed + " step " + step);
            }
            for (String name : compact.snapshotNames()) {
                for (int c = 0; c < CHUNKS; c++) {
                    assertArrayEquals(plain.read(name, (long) c * CHUNK, CHUNK),
                            ChunkVersionModel.bytes(compact.content(name, c), CHUNK), "seed " + seed + " " + name + " chunk " + c);
                }
            }
        }
    }

    @Test
    void writeNeedsSpaceExactlyWhenTheChunkIsShared() {
        ChunkVersionModel m = new ChunkVersionModel(CHUNKS, CHUNK);
        assertFalse(m.writeNeedsSpace(PoolModel.ORIGIN, 0));
        m.createSnapshot("a", null);
        assertTrue(m.writeNeedsSpace(PoolModel.ORIGIN, 0));
        assertTrue(m.writeNeedsSpace("a", 0));
        m.write(PoolModel.ORIGIN, 0);
        assertFalse(m.writeNeedsSpace(PoolModel.ORIGIN, 0));
        assertEquals(false, m.writeNeedsSpace("a", 0), "a alone holds the copied-out chunk");
        m.createSnapshot("b", "a");
        assertTrue(m.writeNeedsSpace("a", 0));
        assertEquals(2, m.depth("b"));
    }

    @Test
    void versionBytesDifferPerVersionAndVersionZeroIsZeros() {
        assertArrayEquals(new byte[CHUNK], ChunkVersionModel.bytes(0, CHUNK));
        assertNotEquals(ChunkVersionModel.bytes(1, CHUNK)[100], ChunkVersionModel.bytes(2, CHUNK)[100]);
    }
}
