package org.snaptarget.scsi;

import java.io.IOException;

/**
 * A {@link BlockDevice} could not allocate backing space for a write. The SCSI layer reports it as
 * DATA PROTECT / SPACE ALLOCATION FAILED WRITE PROTECT (27h/07h, SBC-4 §4.7.3.7), which ESXi
 * answers by pausing the affected virtual machines instead of failing their disks.
 */
public class SpaceExhaustedException extends IOException {

    private static final long serialVersionUID = 1L;

    public SpaceExhaustedException(String message) {
        super(message);
    }
}
