package org.snaptarget.store.testing;

import java.nio.file.Path;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.io.StoreFileSystem;

/** Pool configurations the store tests share. */
public final class TestPools {

    public static final Path ORIGIN_PATH = Path.of("/mem/origin");
    public static final Path STORE_PATH = Path.of("/mem/store");

    private TestPools() {
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
