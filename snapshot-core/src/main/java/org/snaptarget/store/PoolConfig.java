package org.snaptarget.store;

import java.nio.file.Path;
import java.util.Objects;
import org.snaptarget.store.io.StoreFileSystem;

/**
 * How to create or open a pool.
 *
 * @param originPath   origin device (file or block device); created sparse at {@code originSize} if absent
 * @param originSize   origin size in bytes (multiple of 512); on open, 0 means "as recorded"
 * @param storePath    store device
 * @param storeSize    store size in bytes; on open, 0 means "as recorded"
 * @param chunkSize    power of two, 4 KiB – 1 MiB; on open, 0 means "as recorded"
 * @param fileSystem   the file layer (tests substitute a crashing one)
 */
public record PoolConfig(Path originPath, long originSize, Path storePath, long storeSize, int chunkSize,
                         StoreFileSystem fileSystem) {

    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;

    public PoolConfig {
        Objects.requireNonNull(originPath, "originPath");
        Objects.requireNonNull(storePath, "storePath");
        Objects.requireNonNull(fileSystem, "fileSystem");
    }

    public static PoolConfig of(Path originPath, long originSize, Path storePath, long storeSize) {
        return new PoolConfig(originPath, originSize, storePath, storeSize, DEFAULT_CHUNK_SIZE, StoreFileSystem.local());
    }

    public PoolConfig withChunkSize(int size) {
        return new PoolConfig(originPath, originSize, storePath, storeSize, size, fileSystem);
    }

    public PoolConfig withFileSystem(StoreFileSystem fs) {
        return new PoolConfig(originPath, originSize, storePath, storeSize, chunkSize, fs);
    }
}
