package org.snaptarget.lun;

import java.util.Objects;

import org.snaptarget.scsi.RangeLock;

/**
 * What every LUN exporting the same volume must share so that writes through one LUN are ordered
 * with writes through another: the range lock medium-changing commands hold, the atomic-write
 * journal, and the fence that keeps readers from seeing an atomic write half applied.
 */
public record SharedVolume(AtomicWriteJournal journal, AtomicWriteFence fence, RangeLock writes) {

    public SharedVolume {
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(fence, "fence");
        Objects.requireNonNull(writes, "writes");
    }
}
