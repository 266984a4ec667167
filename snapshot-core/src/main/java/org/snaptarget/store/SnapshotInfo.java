package org.snaptarget.store;

import java.time.Instant;

/**
 * What the pool knows about one live snapshot.
 *
 * @param name           unique within the pool
 * @param id             its position in the snapshot-id order (see FORMAT.md, "Snapshot ids")
 * @param parent         the snapshot it was taken of, or {@code null} when taken of the origin
 * @param created        creation time (wall clock, persisted)
 * @param readOnly       writes are refused
 * @param exclusiveBytes exactly what deleting it (and nothing else) would free right now
 */
public record SnapshotInfo(String name, SnapshotId id, String parent, Instant created, boolean readOnly,
                           long exclusiveBytes) {
}
