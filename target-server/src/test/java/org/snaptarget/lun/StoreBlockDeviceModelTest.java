package org.snaptarget.lun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import org.snaptarget.scsi.DeviceIdentity;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;

/**
 * StoreBlockDevice against a plain byte-array model: random gathered writes with ragged ends, reads
 * at any offset, block-aligned unmaps, and a snapshot taken midway whose content must stay the model
 * as it was then.
 */
class StoreBlockDeviceModelTest {

    static final int CHUNK = 4096;
    static final int SIZE = 256 * 1024;

    @Property(tries = 30)
    void deviceAndSnapshotAgreeWithTheModel(@ForAll long seed, @ForAll @IntRange(min = 5, max = 60) int steps)
            throws IOException {
        Path dir = Files.createTempDirectory("sbd-model");
        try (Pool pool = Pool.create(PoolConfig.of(dir.resolve("o"), SIZE, dir.resolve("s"), 4L << 20)
                .withChunkSize(CHUNK))) {
            SnapshotBarrier barrier = new SnapshotBarrier();
            StoreBlockDevice d = new StoreBlockDevice(pool.origin(), false,
                    new DeviceIdentity(0x5d7a060000000002L, "x"), null, barrier, CHUNK, () -> { });
            byte[] model = new byte[SIZE];
            byte[] atSnapshot = null;
            Random r = new Random(seed);
            for (int i = 0; i < steps; i++) {
                switch (r.nextInt(4)) {
                    case 0, 1 -> gatheredWrite(d, model, r);
                    case 2 -> {
                        int start = r.nextInt(SIZE / 512) * 512;
                        int len = Math.min(SIZE - start, (1 + r.nextInt(32)) * 512);
                        d.unmap(start, len);
                        java.util.Arrays.fill(model, start, start + len, (byte) 0);
                    }
                    default -> {
                        int start = r.nextInt(SIZE);
                        int len = r.nextInt(Math.min(SIZE - start, 20_000) + 1);
                        ByteBuffer got = ByteBuffer.allocate(len);
                        d.read(start, got);
                        assertArrayEquals(java.util.Arrays.copyOfRange(model, start, start + len), got.array(),
                                "read at " + start + " +" + len);
                    }
                }
                if (i == steps / 2 && atSnapshot == null) {
                    barrier.exclusively(() -> pool.createSnapshot("mid", null, true));
                    atSnapshot = model.clone();
                }
            }
            ByteBuffer all = ByteBuffer.allocate(SIZE);
            d.read(0, all);
            assertArrayEquals(model, all.array());
            if (atSnapshot != null) {
                ByteBuffer snap = ByteBuffer.allocate(SIZE);
                pool.snapshotVolume("mid").read(0, snap);
                assertArrayEquals(atSnapshot, snap.array(), "the snapshot changed after it was taken");
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A write of 1..3 buffers, starting on a block boundary, its total length not necessarily whole blocks. */
    static void gatheredWrite(StoreBlockDevice d, byte[] model, Random r) throws IOException {
        int start = r.nextInt(SIZE / 512) * 512;
        int total = 1 + r.nextInt(Math.min(SIZE - start, 3 * CHUNK));
        List<ByteBuffer> parts = new ArrayList<>();
        int at = start;
        int left = total;
        while (left > 0) {
            int n = parts.size() == 2 ? left : 1 + r.nextInt(left);
            byte[] b = new byte[n];
            r.nextBytes(b);
            System.arraycopy(b, 0, model, at, n);
            parts.add(ByteBuffer.wrap(b));
            at += n;
            left -= n;
        }
        d.write(start, parts.toArray(ByteBuffer[]::new), r.nextBoolean());
    }
}
