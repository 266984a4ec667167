package org.snaptarget.store.testing;

/**
 * One step of a workload against a pool and its {@link PoolModel}. Devices are named by index so
 * that any sequence stays meaningful while it is shrunk: index 0 is the origin and index
 * {@code k > 0} is live snapshot {@code (k - 1) mod n} in creation order (the origin when there is
 * none). Extents are in 512-byte sectors, wrapped and clipped to the device.
 */
public sealed interface PoolOp {

    /** Writes {@code sectors} sectors of bytes drawn from {@code fill} at {@code sector}. */
    record Write(int device, int sector, int sectors, long fill) implements PoolOp {
    }

    /** Reads an extent and compares it with the model. */
    record Read(int device, int sector, int sectors) implements PoolOp {
    }

    /** Unmaps an extent (it then reads as zeros). */
    record Unmap(int device, int sector, int sectors) implements PoolOp {
    }

    /** Snapshots the device at index {@code parent} (0: the origin). */
    record CreateSnapshot(int parent, boolean readOnly) implements PoolOp {
    }

    /** Deletes live snapshot {@code snapshot mod n} in creation order; nothing when there is none. */
    record DeleteSnapshot(int snapshot) implements PoolOp {
    }

    /** Flushes through the device at index {@code device} (a durable point for the whole pool). */
    record Flush(int device) implements PoolOp {
    }

    /** Closes the pool cleanly and opens it again. */
    record Reopen() implements PoolOp {
    }
}
