package org.snaptarget.store.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens {@link StoreFile}s. The pool opens its origin and store devices only through this seam,
 * so tests can substitute a file layer that injects crashes ({@code CrashingFileSystem} in the
 * tests) or keeps everything in memory.
 */
public interface StoreFileSystem {

    /** Opens an existing file or block device; {@code create} makes an empty file if absent. */
    StoreFile open(Path path, boolean create) throws IOException;

    boolean exists(Path path);

    /** The real file system, through {@link java.nio.channels.FileChannel}. */
    static StoreFileSystem local() {
        return LocalFileSystem.INSTANCE;
    }

    /** The real file system opened {@code O_RDONLY}: nothing can change the files (the offline checker). */
    static StoreFileSystem localReadOnly() {
        return LocalFileSystem.READ_ONLY;
    }
}
