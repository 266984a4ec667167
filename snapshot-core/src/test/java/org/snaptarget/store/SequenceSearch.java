package org.snaptarget.store;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.snaptarget.store.testing.PoolOp;
import org.snaptarget.store.testing.RandomWorkload;
import org.snaptarget.store.testing.SequenceMinimizer;

/**
 * A debugging tool, not a test: runs seeded random sequences like the property test's and, on
 * the first failure, shrinks it with {@link SequenceMinimizer} and prints it as Java. Run with
 * {@code -Dtest=SequenceSearch -Dsnaptarget.search=FIRST_SEED..LAST_SEED}.
 */
@EnabledIfSystemProperty(named = "snaptarget.search", matches = "\\d+\\.\\.\\d+")
class SequenceSearch {

    @Test
    void search() {
        String[] range = System.getProperty("snaptarget.search").split("\\.\\.");
        for (long seed = Long.parseLong(range[0]); seed <= Long.parseLong(range[1]); seed++) {
            List<PoolOp> ops = RandomWorkload.ops(seed, 250, PoolPropertyTest.DEVICE_SECTORS, PoolPropertyTest.SECTORS_PER_CHUNK, true);
            Throwable failure = failure(ops);
            if (failure != null) {
                List<PoolOp> small = SequenceMinimizer.minimize(ops, o -> failure(o) != null);
                Throwable last = failure(small);
                System.out.println("seed " + seed + " fails; minimal sequence (" + small.size() + " ops):\n"
                        + SequenceMinimizer.asJava(small) + "\nfailure: " + last);
                throw new AssertionError("seed " + seed, last);
            }
        }
    }

    private static Throwable failure(List<PoolOp> ops) {
        try {
            PoolPropertyTest.runSequence(ops);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
