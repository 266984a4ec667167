package org.snaptarget.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A pool's exception store device: superblocks, B+tree nodes and copied-out chunks.
 *
 * <p>Its size must be at least {@link #minimumFor(Size)}: {@value #MIN_CHUNKS} chunks and never
 * less than 4MiB, so that after the superblocks and the first tree nodes there is room for a useful
 * number of copy-outs (4MiB at the default 64KiB chunk, 64MiB at 1MiB chunks).
 *
 * @param path   absolute path
 * @param size   store capacity
 * @param warnAt usage past which hosts get UNIT ATTENTION, THIN PROVISIONING SOFT THRESHOLD REACHED
 *               (06h/38h/07h, an SBC-4 logical block provisioning threshold), 1..99 %
 */
public record StoreSpec(Path path, Size size, Percent warnAt) {

    public static final Percent DEFAULT_WARN_AT = new Percent(80);
    public static final int MIN_CHUNKS = 64;
    private static final long MIN_BYTES = 4 * Size.MIB;

    public StoreSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(warnAt, "warnAt");
    }

    /** The smallest store accepted for a pool with this chunk size. */
    public static Size minimumFor(Size chunkSize) {
        return Size.ofBytes(Math.max(MIN_BYTES, MIN_CHUNKS * chunkSize.bytes()));
    }
}
