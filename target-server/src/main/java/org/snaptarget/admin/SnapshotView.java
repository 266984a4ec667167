package org.snaptarget.admin;

import java.time.Instant;
import java.util.List;

/**
 * One snapshot as the admin API shows it.
 *
 * @param parent         the snapshot it was taken of, or {@code null} for the origin
 * @param exclusiveBytes what deleting it alone would free now
 * @param scheduled      taken by a schedule (subject to its retention), not by hand
 * @param exportedAs     LUNs exposing it, each as {@code "TARGET/LUN"}
 */
public record SnapshotView(String pool, String name, String id, String parent, Instant created, boolean readOnly,
                           long exclusiveBytes, boolean scheduled, List<String> exportedAs) {
}
