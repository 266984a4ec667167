package org.snaptarget.store.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.SnapshotInfo;

/** The incrementally kept exclusive-space figures always equal a full recount. */
class SpaceAccountingTest {

    static final int CHUNK = 4096;
    static final int CHUNKS = 32;

    static Map<String, Long> exclusive(Pool pool) {
        var out = new HashMap<String, Long>();
        for (SnapshotInfo i : pool.snapshots()) {
            out.put(i.name(), i.exclusiveBytes());
        }
        return out;
    }

    @Test
    void incrementalFiguresMatchAFullRecountAfterEveryOperation() {
        for (long seed = 1; seed <= 12; seed++) {
            var config = PoolConfig.of(Path.of("/a/o"), (long) CHUNKS * CHUNK, Path.of("/a/s"), 2048L * CHUNK)
                    .withChunkSize(CHUNK).withFileSystem(new MemoryFileSystem());
            var r = new SplittableRandom(seed);
            try (Pool pool = Pool.create(config)) {
                var s = ((PoolEngine) pool).state();
                var names = new ArrayList<String>();
                for (int op = 0; op < 300; op++) {
                    int roll = r.nextInt(100);
                    String target = names.isEmpty() || r.nextInt(3) == 0 ? null : names.get(r.nextInt(names.size()));
                    var volume = target == null ? pool.origin() : pool.snapshotVolume(target);
                    long offset = (long) r.nextInt(CHUNKS) * CHUNK + r.nextInt(8) * 512L;
                    long start = offset - offset % CHUNK;
                    boolean last = start / CHUNK == CHUNKS - 1;
                    if (roll < 45) {
                        int sectors = last ? 1 : 1 + r.nextInt(8);
                        volume.write(offset, ByteBuffer.allocate(512 * sectors));
                    } else if (roll < 60) {
                        volume.unmap(start, last ? CHUNK : CHUNK * (1L + r.nextInt(2)));
                    } else if (roll < 80 || names.size() < 2) {
                        String name = "s" + op;
                        pool.createSnapshot(name, target, false);
                        names.add(name);
                    } else if (roll < 88) {
                        pool.deleteSnapshot(names.remove(r.nextInt(names.size())));
                    } else {
                        volume.write(start, ByteBuffer.allocate(CHUNK));
                    }
                    Map<String, Long> incremental = exclusive(pool);
                    s.lock.writeLock().lock();
                    try {
                        s.accounting.invalidate();
                    } finally {
                        s.lock.writeLock().unlock();
                    }
                    assertEquals(exclusive(pool), incremental, "seed " + seed + " after operation " + op);
                }
            }
        }
    }
}
