package org.snaptarget.store.testing;

import java.nio.file.Path;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;

/**
 * Skips (and reports as skipped, with the reason) tests that need the store engine while
 * {@link Pool#create} is still the placeholder that throws {@link UnsupportedOperationException}.
 * Any other failure of the probe does not skip: the test then runs and shows it.
 * Use {@code @AddLifecycleHook(EngineRequired.class)} on jqwik properties and
 * {@code @ExtendWith(EngineRequired.Jupiter.class)} on JUnit tests.
 */
public final class EngineRequired implements SkipExecutionHook {

    private static volatile Boolean available;

    /** True once the engine can format a small pool. */
    public static boolean available() {
        Boolean a = available;
        if (a == null) {
            a = probe();
            available = a;
        }
        return a;
    }

    private static boolean probe() {
        if (TestPools.referenceFault() != null) {
            return true;
        }
        CrashingFileSystem fs = new CrashingFileSystem();
        PoolConfig config = new PoolConfig(Path.of("/probe/origin"), 64 * 1024, Path.of("/probe/store"), 4 << 20,
                4096, fs);
        try (Pool pool = TestPools.create(config)) {
            return pool != null;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static final String REASON = "store engine not available yet (Pool.create throws UnsupportedOperationException)";

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return available() ? SkipResult.doNotSkip() : SkipResult.skip(REASON);
    }

    /** The same condition for JUnit Jupiter tests. */
    public static final class Jupiter implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return available() ? ConditionEvaluationResult.enabled("store engine available")
                    : ConditionEvaluationResult.disabled(REASON);
        }
    }
}
