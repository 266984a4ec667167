package org.snaptarget.store.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.format.FormatConstants;
import org.snaptarget.store.io.StoreFile;

/**
 * The pool's two devices behind {@link StoreFile}: the origin (written in place) and the store
 * (superblocks, nodes, data chunks). Turns {@link IOException} into
 * {@link StoreException.DeviceError} naming the device and position. Safe for concurrent use on
 * disjoint ranges (as {@link StoreFile} is).
 */
final class Devices implements AutoCloseable {

    private final StoreFile origin;
    private final StoreFile store;

    Devices(StoreFile origin, StoreFile store) {
        this.origin = origin;
        this.store = store;
    }

    ByteBuffer readBlock(long block) {
        var buf = ByteBuffer.allocate(FormatConstants.BLOCK_SIZE);
        readStore(buf, block * FormatConstants.BLOCK_SIZE);
        buf.clear();
        return buf;
    }

    void writeBlock(long block, ByteBuffer buf) {
        writeStore(buf.duplicate().clear().limit(buf.capacity()), block * FormatConstants.BLOCK_SIZE);
    }

    void readStore(ByteBuffer dst, long position) {
        try {
            store.read(dst, position);
        } catch (IOException e) {
            throw new StoreException.DeviceError("store device read at byte " + position + " failed: " + e.getMessage(), e);
        }
    }

    void writeStore(ByteBuffer src, long position) {
        try {
            store.write(src, position);
        } catch (IOException e) {
            throw new StoreException.DeviceError("store device write at byte " + position + " failed: " + e.getMessage(), e);
        }
    }

    void readOrigin(ByteBuffer dst, long position) {
        try {
            origin.read(dst, position);
        } catch (IOException e) {
            throw new StoreException.DeviceError("origin device read at byte " + position + " failed: " + e.getMessage(), e);
        }
    }

    void writeOrigin(ByteBuffer src, long position) {
        try {
            origin.write(src, position);
        } catch (IOException e) {
            throw new StoreException.DeviceError("origin device write at byte " + position + " failed: " + e.getMessage(), e);
        }
    }

    void forceStore() {
        try {
            store.force();
        } catch (IOException e) {
            throw new StoreException.DeviceError("store device flush failed: " + e.getMessage(), e);
        }
    }

    void forceOrigin() {
        try {
            origin.force();
        } catch (IOException e) {
            throw new StoreException.DeviceError("origin device flush failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (origin; store) {
            // both closed by try-with-resources
        } catch (IOException e) {
            throw new StoreException.DeviceError("closing devices failed: " + e.getMessage(), e);
        }
    }
}
