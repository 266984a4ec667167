package org.snaptarget.scsi;

/**
 * Where a command runs. {@link #INLINE} commands touch only memory and complete on the caller's
 * (event-loop) thread; {@link #STORAGE} commands may block on the medium and run on the bounded
 * storage executor.
 */
public enum Execution {
    INLINE, STORAGE
}
