package org.snaptarget.store;

import java.nio.ByteBuffer;

/**
 * One device of a pool: the origin or a snapshot. Byte offsets and lengths must be multiples
 * of 512 ({@link #SECTOR}); all methods are thread-safe.
 *
 * <p>Durability: a {@link #write} that returned is visible to every later read, and survives a
 * crash once a {@link #flush} (on any volume of the pool) that started after it has returned.
 */
public interface Volume {

    int SECTOR = 512;

    /** {@code "origin"} for the origin, otherwise the snapshot's name. */
    String name();

    /** The origin, or the snapshot this handle was opened on. */
    boolean isOrigin();

    /** Size in bytes (the origin's size; every snapshot has the size of the origin). */
    long size();

    /** True for a read-only snapshot, or when the pool turned read-only after corruption. */
    boolean readOnly();

    /** Fills {@code dst.remaining()} bytes from {@code offset}. */
    void read(long offset, ByteBuffer dst);

    /** Writes {@code src.remaining()} bytes at {@code offset}. Throws {@link StoreException.StoreFull} when new space is needed and none is left. */
    void write(long offset, ByteBuffer src);

    /** Makes every write that returned before this call durable; on return the data survives a crash. */
    void flush();

    /**
     * Deallocates {@code length} bytes at {@code offset}. On a snapshot the range then reads as
     * zeros and its private chunks are freed; on the origin it reads as zeros too (snapshots keep
     * their data). Partial chunks are zeroed in place.
     */
    void unmap(long offset, long length);
}
