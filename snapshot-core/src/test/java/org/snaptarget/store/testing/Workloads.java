package org.snaptarget.store.testing;

import java.util.List;

/** Fixed workloads shared by the crash test, the golden-image generator and the benchmark. */
public final class Workloads {

    private Workloads() {
    }

    private static PoolOp w(int dev, int sector, int sectors, long fill) {
        return new PoolOp.Write(dev, sector, sectors, fill);
    }

    private static PoolOp unmap(int dev, int sector, int sectors) {
        return new PoolOp.Unmap(dev, sector, sectors);
    }

    private static PoolOp snap(int parent, boolean readOnly) {
        return new PoolOp.CreateSnapshot(parent, readOnly);
    }

    private static PoolOp delete(int snapshot) {
        return new PoolOp.DeleteSnapshot(snapshot);
    }

    private static PoolOp flush() {
        return new PoolOp.Flush(0);
    }

    /**
     * A script touching each path of the write rules: first-write copy-out shared by several
     * snapshots, snapshot writes that copy from the origin or split a shared chunk (with
     * existing and future children), snapshot-of-snapshot, whole and partial unmaps, deletes
     * with a sweep, a clean reopen, and unflushed writes at the end. Device index 0 is the
     * origin, k the k-th live snapshot in creation order.
     */
    public static List<PoolOp> scripted(int spc) {
        return List.of(
                w(0, 0, 4 * spc, 1),                 // origin chunks 0-3, nothing to copy
                flush(),
                snap(0, false),                      // s1 of origin
                w(0, 4, spc, 2),                     // origin over chunks 0/1: copy-out for s1
                w(1, 2 * spc, 4, 3),                 // s1 partial chunk 2: copy from origin
                snap(1, true),                       // s2 of s1, read-only
                w(1, 0, 2 * spc, 4),                 // s1 chunks 0-1: split from s2
                flush(),
                snap(0, false),                      // s3 of origin
                w(0, 0, 3 * spc, 5),                 // origin chunks 0-2: copy-out shared by s3
                w(3, 7 * spc + 4, 10, 6),            // s3 across chunks 7/8
                unmap(1, 3 * spc, spc),              // s1 whole chunk 3 unmapped
                unmap(3, 2, 3),                      // s3 partial unmap
                snap(3, false),                      // s4 of s3
                w(3, 0, spc, 7),                     // s3 chunk 0 after its child: future-children rule
                w(4, spc, spc, 8),                   // s4 chunk 1
                delete(1),                           // s2
                flush(),
                w(0, 100, 20, 9),
                new PoolOp.Reopen(),
                delete(0),                           // s1
                w(1, 40, 5, 10),                     // s3
                w(0, 0, 8 * spc, 11),                // origin first half
                snap(0, true),                       // s5 of origin, read-only
                w(0, 8 * spc, 8 * spc, 12),          // origin second half
                unmap(0, spc, 2 * spc),              // origin unmap, snapshots keep data
                flush(),
                w(2, 0, 4 * spc, 13),                // s4
                delete(0),                           // s3 (s4 remains)
                w(0, 0, spc, 14));                   // left unflushed
    }
}
