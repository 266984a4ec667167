package org.snaptarget.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One LUN of a target: a pool's origin, or one of its snapshots.
 *
 * @param lun      the LUN number, 0..{@value #MAX_LUN} (SAM-5 flat space addressing, 14 bits)
 * @param pool     the pool it belongs to
 * @param snapshot the snapshot it exposes, or empty for the origin
 * @param readOnly whether writes are refused with DATA PROTECT, WRITE PROTECTED (07h/27h/00h)
 */
public record LunSpec(int lun, String pool, Optional<String> snapshot, boolean readOnly) {

    public static final int MAX_LUN = 16_383;

    public LunSpec {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(snapshot, "snapshot");
    }
}
