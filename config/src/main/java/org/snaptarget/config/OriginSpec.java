package org.snaptarget.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A pool's origin device: a regular file (created sparse when absent) or a block device.
 *
 * @param path absolute path
 * @param size the LUN's capacity: at least {@link #MIN_SIZE} and a multiple of {@link #SECTOR} bytes
 */
public record OriginSpec(Path path, Size size) {

    /** Smallest origin accepted: smaller volumes are mistakes, not configurations. */
    public static final Size MIN_SIZE = Size.ofBytes(Size.MIB);
    /** The logical block size the origin's capacity must be a multiple of. */
    public static final int SECTOR = 512;

    public OriginSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(size, "size");
    }
}
