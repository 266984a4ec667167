package org.snaptarget.store.testing;

import java.nio.file.Path;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.io.StoreFileSystem;

/** Pool configurations the store tests share. */
public final class TestPools {

    public static final Path ORIGIN_PATH = Path.of("/mem/origin");
    public static final Path STORE_PATH = Path.of("/mem/store");

    private TestPools() {
    }

    /**
     * Which implementation the suites run against: the engine, or with
     * {@code -Dsnaptarget.storeImpl=reference} the naive {@link ReferencePool} (a self-test of the
     * harness; {@code reference-unordered-commit} and {@code reference-flush-no-force} inject a broken commit).
     */
    public static ReferencePool.Fault referenceFault() {
        ReferencePool.Fault forced = override;
        if (forced != null) {
            return forced;
        }
        return switch (System.getProperty("snaptarget.storeImpl", "engine")) {
            case "reference" -> ReferencePool.Fault.NONE;
            case "reference-unordered-commit" -> ReferencePool.Fault.UNORDERED_COMMIT;
            case "reference-flush-no-force" -> ReferencePool.Fault.FLUSH_SKIPS_ORIGIN_FORCE;
            default -> null;
        };
    }

    private static volatile ReferencePool.Fault override;

    /** Runs {@code body} against the reference pool with {@code fault} (harness self-tests), whatever the property says. */
    public static void withReference(ReferencePool.Fault fault, Runnable body) {
        override = fault;
        try {
            body.run();
        } finally {
            override = null;
        }
    }

    /** Formats a pool with the implementation under test. */
    public static Pool create(PoolConfig config) {
        ReferencePool.Fault fault = referenceFault();
        return fault == null ? Pool.create(config) : ReferencePool.create(config, fault);
    }

    /** Opens a pool with the implementation under test. */
    public static Pool open(PoolConfig config) {
        ReferencePool.Fault fault = referenceFault();
        return fault == null ? Pool.open(config) : ReferencePool.open(config, fault);
    }

    /** A pool on the given (usually in-memory) file system at fixed paths. */
    public static PoolConfig config(StoreFileSystem fs, long originSize, long storeSize, int chunkSize) {
        return new PoolConfig(ORIGIN_PATH, originSize, STORE_PATH, storeSize, chunkSize, fs);
    }

    /** The same pool as {@code config}, reached through another file system (the disk after a power cut). */
    public static PoolConfig reopenOn(PoolConfig config, StoreFileSystem fs) {
        return config.withFileSystem(fs);
    }
}
