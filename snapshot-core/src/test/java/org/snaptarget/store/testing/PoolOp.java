package org.snaptarget.store.testing;

import java.util.List;

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

    /** The device an index names: the origin for 0 or when there is no snapshot, else live snapshot {@code (index - 1) mod n}. */
    static String deviceName(List<String> snapshots, int index) {
        if (index == 0 || snapshots.isEmpty()) {
            return PoolModel.ORIGIN;
        }
        return snapshots.get(Math.floorMod(index - 1, snapshots.size()));
    }

    /** {start byte, length in bytes} of a sector extent wrapped and clipped to a device of {@code deviceSectors}. */
    static long[] byteExtent(int sector, int sectors, long deviceSectors) {
        long start = Math.floorMod(sector, deviceSectors);
        long n = Math.max(1, Math.min(sectors, deviceSectors - start));
        return new long[] {start * PoolModel.SECTOR, n * PoolModel.SECTOR};
    }
}
