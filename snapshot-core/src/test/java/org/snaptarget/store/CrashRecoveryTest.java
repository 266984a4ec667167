package org.snaptarget.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.snaptarget.store.testing.CrashingFileSystem;
import org.snaptarget.store.testing.CrashingFileSystem.Loss;
import org.snaptarget.store.testing.EngineRequired;
import org.snaptarget.store.testing.ModelCheckedPool;
import org.snaptarget.store.testing.PoolModel;
import org.snaptarget.store.testing.PoolOp;
import org.snaptarget.store.testing.RandomWorkload;
import org.snaptarget.store.testing.TestPools;
import org.snaptarget.store.testing.Workloads;

/**
 * Power cuts at every write (issue 2, "What it must show" 2; DESIGN.md §2 "Durability"). A
 * workload runs on a {@link CrashingFileSystem} armed to lose power at write index {@code i}
 * (counted from the first write after the pool was formatted); the disk is then rebuilt three
 * ways — every unforced write dropped, every one kept, and a seeded mix of dropped, reordered
 * and torn writes — and the pool reopened from each. After reopen:
 * <ul>
 *   <li>every snapshot whose create or delete returned is present or absent accordingly; the one
 *       being created or deleted at the cut may be either;</li>
 *   <li>every sector of every device holds its value as of the last completed flush or a value
 *       written to it since ({@link PoolModel#crashMismatch}) — for a settled device that is
 *       exactly the flushed state, and a commit in flight may or may not have landed;</li>
 *   <li>the checker is clean, and the pool accepts new writes, snapshots and deletes.</li>
 * </ul>
 * Write counts can vary a little from run to run because the sweep and group commit run on
 * their own threads; the scripted run still covers every index up to the point where the
 * workload finishes before the armed write. Time is bounded by {@code snaptarget.crashBudgetSeconds}
 * (default 60 for the two tests together); running out of budget fails the scripted test, and
 * ends the random one early (at most {@code snaptarget.crashSeeds} workloads, default 1500).
 */
@ExtendWith(EngineRequired.Jupiter.class)
class CrashRecoveryTest {

    static final int CHUNK = 4096;
    static final int DEVICE_CHUNKS = 16;
    static final long DEVICE = (long) DEVICE_CHUNKS * CHUNK;
    static final int SPC = CHUNK / 512;
    static final long STORE = 4L << 20;
    static final long RANDOM_SEEDS = Long.getLong("snaptarget.crashSeeds", 1500);
    static final long BUDGET_NANOS = Long.getLong("snaptarget.crashBudgetSeconds", 60) * 1_000_000_000L / 2;

    /** The outcome of one armed run. */
    private record Cut(CrashingFileSystem disk, PoolConfig config, ModelCheckedPool run, String trace) {
    }

    @Test
    void scriptedWorkloadRecoversFromAPowerCutAtEveryWriteIndex() {
        long start = System.nanoTime();
        int[] done = cutAtEveryWriteIndex(Workloads.scripted(SPC), BUDGET_NANOS);
        assertTrue(done[0] > 20, "the script issued only " + done[0] + " writes");
        System.out.printf("crash test: scripted workload cut at all %d write indices, %d recoveries verified, %.1f s%n",
                done[0], done[1], (System.nanoTime() - start) / 1e9);
    }

    /**
     * Cuts the power at write 0, 1, 2, … of {@code script} until it completes before the cut,
     * verifying recovery from each cut with every {@link Loss}; returns {indices, recoveries}.
     */
    static int[] cutAtEveryWriteIndex(List<PoolOp> script, long budgetNanos) {
        long start = System.nanoTime();
        int index = 0;
        int reopened = 0;
        while (true) {
            Optional<Cut> cut = runCutAt(script, index);
            if (cut.isEmpty()) {
                return new int[] {index, reopened};
            }
            for (Loss loss : Loss.values()) {
                verifyRecovery(cut.get(), loss, index, "scripted workload, crash at write " + index + ", " + loss);
                reopened++;
            }
            index++;
            if (System.nanoTime() - start > budgetNanos) {
                fail("crash budget exhausted after " + index + " write indices (" + reopened + " recoveries)");
            }
        }
    }

    @Test
    void randomWorkloadsRecoverFromPowerCutsAtRandomWrites() {
        long start = System.nanoTime();
        int runs = 0;
        for (long seed = 1; seed <= RANDOM_SEEDS && System.nanoTime() - start < BUDGET_NANOS * 3 / 4; seed++) {
            List<PoolOp> ops = RandomWorkload.ops(seed, 80, (int) (DEVICE / 512), SPC, true);
            long writes = countWrites(ops);
            SplittableRandom r = new SplittableRandom(seed * 7919);
            long index = r.nextLong(Math.max(1, writes));
            Optional<Cut> cut = runCutAt(ops, index);
            if (cut.isEmpty()) {
                continue;
            }
            Loss loss = Loss.values()[r.nextInt(Loss.values().length)];
            verifyRecovery(cut.get(), loss, seed, "random workload seed " + seed + ", crash at write " + index + ", " + loss);
            runs++;
        }
        assertTrue(runs >= 20, "only " + runs + " random crash runs in the budget");
        System.out.printf("crash test: %d random workloads cut and recovered, %.1f s%n", runs, (System.nanoTime() - start) / 1e9);
    }

    @Test
    void aCleanCloseMakesInPlaceSnapshotWritesDurable() {
        CrashingFileSystem fs = new CrashingFileSystem();
        PoolConfig config = TestPools.config(fs, DEVICE, STORE, CHUNK);
        byte[] first = ModelCheckedPool.fill(1, CHUNK);
        byte[] second = ModelCheckedPool.fill(2, CHUNK);
        try (Pool pool = TestPools.create(config)) {
            pool.createSnapshot("s", null, false);
            pool.snapshotVolume("s").write(0, ByteBuffer.wrap(first));
            pool.snapshotVolume("s").flush();
            pool.snapshotVolume("s").write(0, ByteBuffer.wrap(second));
        }
        CrashingFileSystem disk = fs.afterPowerLoss(Loss.DROP_ALL, 0);
        try (Pool pool = TestPools.open(TestPools.reopenOn(config, disk))) {
            ByteBuffer got = ByteBuffer.allocate(CHUNK);
            pool.snapshotVolume("s").read(0, got);
            assertTrue(java.util.Arrays.equals(second, got.array()),
                    "a snapshot write in place (no new metadata) was lost after close() and a power cut;"
                            + " unforced at close:\n" + fs.describeUnforced());
        }
    }

    @Test
    void closeFailsWhenItCannotMakeReturnedWritesDurable() {
        CrashingFileSystem fs = new CrashingFileSystem();
        PoolConfig config = TestPools.config(fs, DEVICE, STORE, CHUNK);
        Pool pool = TestPools.create(config);
        pool.createSnapshot("s", null, false);
        pool.createSnapshot("t", null, false);
        pool.origin().write(0, ByteBuffer.wrap(ModelCheckedPool.fill(3, CHUNK)));
        fs.crashAtWrite(fs.writes());
        try {
            pool.deleteSnapshot("t");
        } catch (StoreException expected) {
            // the delete's commit met the power cut; the pool turns read-only
        }
        assertTrue(fs.powerOff(), "the delete's commit wrote nothing");
        assertTrue(fs.describeUnforced().contains(TestPools.ORIGIN_PATH.toString()),
                "the origin write was forced already, the scenario needs it pending: " + fs.describeUnforced());
        try {
            pool.close();
            fail("close() returned normally, yet the origin write it had to make durable was never forced;"
                    + " unforced:\n" + fs.describeUnforced());
        } catch (StoreException expected) {
            assertTrue(expected.getMessage() != null);
        }
    }

    private static long countWrites(List<PoolOp> ops) {
        CrashingFileSystem fs = new CrashingFileSystem();
        try (ModelCheckedPool p = ModelCheckedPool.create(TestPools.config(fs, DEVICE, STORE, CHUNK))) {
            long base = fs.writes();
            p.applyAll(ops);
            return fs.writes() - base;
        }
    }

    /** Runs {@code ops} with the power cut at write {@code index}; empty when the workload finished first. */
    private static Optional<Cut> runCutAt(List<PoolOp> ops, long index) {
        CrashingFileSystem fs = new CrashingFileSystem();
        PoolConfig config = TestPools.config(fs, DEVICE, STORE, CHUNK);
        ModelCheckedPool run = ModelCheckedPool.create(config);
        fs.crashAtWrite(fs.writes() + index);
        try {
            run.applyAll(ops);
        } catch (Throwable t) {
            if (!fs.powerOff() || (t instanceof AssertionError && !causedByPowerLoss(t))) {
                throw t;
            }
        }
        if (!fs.powerOff()) {
            fs.crashAtWrite(Long.MAX_VALUE);
            run.close();
            return Optional.empty();
        }
        try {
            run.pool().close();
        } catch (RuntimeException expected) {
            // The devices are gone; closing only stops the pool's threads.
        }
        return Optional.of(new Cut(fs, config, run, run.log()));
    }

    private static boolean causedByPowerLoss(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CrashingFileSystem.PowerLoss || c instanceof StoreException) {
                return true;
            }
        }
        return false;
    }

    private static void verifyRecovery(Cut cut, Loss loss, long seed, String what) {
        PoolModel model = cut.run().model();
        String context = what + "; in flight: " + cut.run().inFlight() + "\n" + cut.trace()
                + "unforced writes at the cut:\n" + cut.disk().describeUnforced();
        Set<String> allowed = new HashSet<>(model.snapshotNames());
        Set<String> required = new HashSet<>(allowed);
        if (cut.run().inFlightName() != null) {
            required.remove(cut.run().inFlightName());
        }
        CrashingFileSystem disk = cut.disk().afterPowerLoss(loss, seed);
        Pool pool;
        try {
            pool = TestPools.open(TestPools.reopenOn(cut.config(), disk));
        } catch (RuntimeException e) {
            throw new AssertionError("reopen failed: " + e + "\n" + context, e);
        }
        try (pool) {
            Set<String> present = new TreeSet<>();
            pool.snapshots().forEach(s -> present.add(s.name()));
            assertTrue(present.containsAll(required), () -> "snapshots lost: have " + present + ", need " + required + "\n" + context);
            assertTrue(allowed.containsAll(present), () -> "snapshots resurrected: have " + present + ", allowed " + allowed + "\n" + context);
            List<String> devices = new ArrayList<>(present);
            devices.add(PoolModel.ORIGIN);
            for (String dev : devices) {
                Volume v = PoolModel.ORIGIN.equals(dev) ? pool.origin() : pool.snapshotVolume(dev);
                byte[] bytes = ModelCheckedPool.readAll(v, DEVICE);
                model.crashMismatch(dev, bytes).ifPresent(m -> fail(m + "\n" + context));
            }
            CheckReport report = pool.check();
            assertTrue(report.clean(), () -> "checker after recovery: " + report.problems() + "\n" + context);
            assertFalse(pool.isReadOnly(), () -> "pool read-only after recovery\n" + context);
            pool.origin().write(0, ByteBuffer.wrap(ModelCheckedPool.fill(seed, CHUNK + 1024)));
            pool.createSnapshot("after-crash", null, false);
            pool.snapshotVolume("after-crash").write(CHUNK, ByteBuffer.wrap(ModelCheckedPool.fill(~seed, 1024)));
            for (String name : present) {
                pool.deleteSnapshot(name);
            }
            pool.origin().flush();
            CheckReport after = pool.check();
            assertTrue(after.clean(), () -> "checker after post-recovery writes: " + after.problems() + "\n" + context);
        }
    }
}
