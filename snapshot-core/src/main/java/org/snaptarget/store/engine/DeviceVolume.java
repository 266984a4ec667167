package org.snaptarget.store.engine;

import java.nio.ByteBuffer;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.Volume;
import org.snaptarget.store.format.IdScheme;

/**
 * A handle on one device of a pool (the origin or a snapshot, by id): checks arguments and
 * permissions, then hands the I/O to {@link DataPath}. Handles of a deleted snapshot fail with
 * {@link StoreException.NotFound}. Thread-safe (stateless apart from its identity).
 */
final class DeviceVolume implements Volume {

    private final PoolEngine pool;
    private final long id;
    private final String name;
    private final boolean readOnlySnapshot;

    DeviceVolume(PoolEngine pool, long id, String name, boolean readOnlySnapshot) {
        this.pool = pool;
        this.id = id;
        this.name = name;
        this.readOnlySnapshot = readOnlySnapshot;
    }

    long id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isOrigin() {
        return id == IdScheme.ORIGIN;
    }

    @Override
    public long size() {
        return pool.state().originSize;
    }

    @Override
    public boolean readOnly() {
        return readOnlySnapshot || pool.isReadOnly();
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        checkRange("read", offset, dst.remaining());
        pool.ensureOpen();
        pool.data().read(id, offset, dst);
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        checkRange("write", offset, src.remaining());
        checkWritable();
        pool.data().write(id, offset, src);
    }

    @Override
    public void flush() {
        pool.ensureOpen();
        pool.flush();
    }

    @Override
    public void unmap(long offset, long length) {
        checkRange("unmap", offset, length);
        checkWritable();
        pool.data().unmap(id, offset, length, size());
    }

    private void checkWritable() {
        pool.ensureOpen();
        if (readOnlySnapshot) {
            throw new StoreException.ReadOnly("snapshot '" + name + "' is read-only");
        }
        pool.state().requireWritable();
    }

    private void checkRange(String op, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new StoreException.InvalidRequest(op + " of " + name + ": negative offset " + offset + " or length " + length);
        }
        if (offset % SECTOR != 0 || length % SECTOR != 0) {
            throw new StoreException.InvalidRequest(op + " of " + name + ": offset " + offset + " and length " + length
                    + " must be multiples of " + SECTOR);
        }
        if (offset + length > size() || offset + length < 0) {
            throw new StoreException.InvalidRequest(op + " of " + name + ": bytes " + offset + ".." + (offset + length)
                    + " run past the device end " + size());
        }
    }
}
