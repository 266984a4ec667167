package org.snaptarget.store.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A random-access file or block device as the store sees it: positional reads and writes,
 * and {@link #force()} as the only durability barrier.
 *
 * <p>Contract: a write is durable only after a later {@code force()} returns. Until then the
 * implementation (or the OS, or the disk) may drop it, reorder it with other unforced writes,
 * or tear it at any 512-byte sector boundary. The store's commit protocol must be correct
 * under exactly that model; the crash tests substitute an implementation that does all three.
 *
 * <p>Implementations are safe for concurrent positional reads and writes to disjoint ranges.
 */
public interface StoreFile extends AutoCloseable {

    /** Reads exactly {@code dst.remaining()} bytes at {@code position}; bytes past the end read as zeros. */
    void read(ByteBuffer dst, long position) throws IOException;

    /** Writes all of {@code src.remaining()} bytes at {@code position}, extending the file if needed. */
    void write(ByteBuffer src, long position) throws IOException;

    /** Makes every write that returned before this call durable (fsync/fdatasync). */
    void force() throws IOException;

    /** Current length in bytes. */
    long size() throws IOException;

    /** Sets the length (sparse extension or truncation). */
    void setSize(long size) throws IOException;

    @Override
    void close() throws IOException;
}
