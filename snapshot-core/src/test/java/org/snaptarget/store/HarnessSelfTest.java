package org.snaptarget.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.snaptarget.store.testing.PoolOp;
import org.snaptarget.store.testing.RandomWorkload;
import org.snaptarget.store.testing.ReferencePool.Fault;
import org.snaptarget.store.testing.TestPools;
import org.snaptarget.store.testing.Workloads;

/**
 * The store suites checked against the naive {@code ReferencePool}: a correct pool passes the
 * property and crash checks, and a pool with a broken commit protocol fails them. This keeps the
 * harness honest (a crash test that passes a broken store would be worse than none) and runs
 * whether or not the engine is there.
 */
class HarnessSelfTest {

    private static final long BUDGET = 30_000_000_000L;

    @Test
    void aCorrectPoolPassesThePropertyRunsAndEveryCrashCut() {
        TestPools.withReference(Fault.NONE, () -> {
            for (long seed = 1; seed <= 3; seed++) {
                List<PoolOp> ops = RandomWorkload.ops(seed, 220, PoolPropertyTest.DEVICE_SECTORS,
                        PoolPropertyTest.SECTORS_PER_CHUNK, true);
                PoolPropertyTest.runSequence(ops);
            }
            int[] done = CrashRecoveryTest.cutAtEveryWriteIndex(Workloads.scripted(CrashRecoveryTest.SPC), BUDGET);
            assertTrue(done[0] > 20, "only " + done[0] + " write indices");
        });
    }

    @Test
    void theCrashTestCatchesASuperblockWrittenBeforeTheStateIsDurable() {
        TestPools.withReference(Fault.UNORDERED_COMMIT, () -> assertThrows(AssertionError.class,
                () -> CrashRecoveryTest.cutAtEveryWriteIndex(Workloads.scripted(CrashRecoveryTest.SPC), BUDGET)));
    }

    @Test
    void theCrashTestCatchesAFlushThatDoesNotForceTheOrigin() {
        TestPools.withReference(Fault.FLUSH_SKIPS_ORIGIN_FORCE, () -> assertThrows(AssertionError.class,
                () -> CrashRecoveryTest.cutAtEveryWriteIndex(Workloads.scripted(CrashRecoveryTest.SPC), BUDGET)));
    }
}
