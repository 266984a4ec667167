package org.snaptarget.store;

import java.util.List;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.snaptarget.store.testing.CrashingFileSystem;
import org.snaptarget.store.testing.EngineRequired;
import org.snaptarget.store.testing.ModelCheckedPool;
import org.snaptarget.store.testing.PoolOp;
import org.snaptarget.store.testing.TestPools;

/**
 * Random operation sequences against the plain model (issue 2, "What it must show" 1;
 * DESIGN.md §2 and §5): origin and snapshot writes and reads of random 512-aligned extents that
 * cross chunk boundaries and cover partial chunks, snapshots of the origin and of snapshots
 * (writable and read-only), deletes, unmaps, flushes and clean close+reopen. Every read is
 * compared as it happens; after each sequence every device, the snapshot list, each snapshot's
 * exclusive space and the checker are verified, then again after a reopen and after the sweep.
 *
 * <p>Small chunks (4 KiB) on a 24-chunk device make sequences share and split chunks often.
 * Tries: {@code jqwik.tries.default} in {@code junit-platform.properties}, sized to run about a
 * minute; override with {@code -Djqwik.tries.default=N}.
 */
@AddLifecycleHook(EngineRequired.class)
class PoolPropertyTest {

    static final int CHUNK = 4096;
    static final int DEVICE_CHUNKS = 24;
    static final long DEVICE = (long) DEVICE_CHUNKS * CHUNK;
    static final int SECTORS_PER_CHUNK = CHUNK / 512;
    static final int DEVICE_SECTORS = (int) (DEVICE / 512);
    static final long STORE = 32L << 20;

    @Property(shrinking = ShrinkingMode.BOUNDED, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void everyDeviceMatchesThePlainModel(@ForAll("sequences") List<PoolOp> ops) {
        runSequence(ops);
    }

    static void runSequence(List<PoolOp> ops) {
        CrashingFileSystem fs = new CrashingFileSystem();
        try (ModelCheckedPool p = ModelCheckedPool.create(TestPools.config(fs, DEVICE, STORE, CHUNK))) {
            p.applyAll(ops);
            p.verifyAll();
            p.reopen();
            p.verifyAll();
            p.awaitSweep();
            p.verifyAll();
        }
    }

    @Provide
    Arbitrary<List<PoolOp>> sequences() {
        return operations().list().ofMinSize(200).ofMaxSize(260);
    }

    static Arbitrary<PoolOp> operations() {
        Arbitrary<Integer> device = Arbitraries.integers().between(0, 16);
        Arbitrary<Integer> sector = Arbitraries.oneOf(
                Arbitraries.integers().between(0, DEVICE_SECTORS - 1),
                Arbitraries.integers().between(0, DEVICE_CHUNKS - 1).map(c -> c * SECTORS_PER_CHUNK));
        Arbitrary<Integer> sectors = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 3 * SECTORS_PER_CHUNK),
                Arbitraries.integers().between(1, 3).map(n -> n * SECTORS_PER_CHUNK));
        Arbitrary<PoolOp> write = Combinators.combine(device, sector, sectors, Arbitraries.longs())
                .as(PoolOp.Write::new);
        Arbitrary<PoolOp> read = Combinators.combine(device, sector, sectors).as(PoolOp.Read::new);
        Arbitrary<PoolOp> unmap = Combinators.combine(device, sector, sectors).as(PoolOp.Unmap::new);
        Arbitrary<PoolOp> create = Combinators.combine(device, Arbitraries.of(false, true))
                .as(PoolOp.CreateSnapshot::new);
        Arbitrary<PoolOp> delete = device.map(PoolOp.DeleteSnapshot::new);
        Arbitrary<PoolOp> flush = device.map(PoolOp.Flush::new);
        Arbitrary<PoolOp> reopen = Arbitraries.just(new PoolOp.Reopen());
        return Arbitraries.frequencyOf(
                Tuple.of(36, write),
                Tuple.of(22, read),
                Tuple.of(12, create),
                Tuple.of(6, delete),
                Tuple.of(8, unmap),
                Tuple.of(5, flush),
                Tuple.of(1, reopen));
    }
}
