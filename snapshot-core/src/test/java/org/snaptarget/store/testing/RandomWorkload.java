package org.snaptarget.store.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random {@link PoolOp} sequences for tests that are not jqwik properties (the crash and
 * scale tests and the benchmark): the same operation mix as the property test, reproducible
 * from one printed seed.
 */
public final class RandomWorkload {

    private RandomWorkload() {
    }

    /**
     * {@code count} operations on a device of {@code deviceSectors} sectors with chunks of
     * {@code sectorsPerChunk} sectors; {@code reopens} says whether clean reopens may occur.
     */
    public static List<PoolOp> ops(long seed, int count, int deviceSectors, int sectorsPerChunk, boolean reopens) {
        SplittableRandom r = new SplittableRandom(seed);
        List<PoolOp> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int device = r.nextInt(12);
            int sector = r.nextBoolean() ? r.nextInt(deviceSectors)
                    : r.nextInt(deviceSectors / sectorsPerChunk) * sectorsPerChunk;
            int sectors = r.nextBoolean() ? 1 + r.nextInt(3 * sectorsPerChunk) : (1 + r.nextInt(3)) * sectorsPerChunk;
            int roll = r.nextInt(100);
            PoolOp op;
            if (roll < 38) {
                op = new PoolOp.Write(device, sector, sectors, r.nextLong());
            } else if (roll < 55) {
                op = new PoolOp.Read(device, sector, sectors);
            } else if (roll < 68) {
                op = new PoolOp.CreateSnapshot(device, r.nextInt(4) == 0);
            } else if (roll < 75) {
                op = new PoolOp.DeleteSnapshot(device);
            } else if (roll < 85) {
                op = new PoolOp.Unmap(device, sector, sectors);
            } else if (roll < 98 || !reopens) {
                op = new PoolOp.Flush(device);
            } else {
                op = new PoolOp.Reopen();
            }
            ops.add(op);
        }
        return ops;
    }
}
