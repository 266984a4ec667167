package org.snaptarget.scsi;

/** Which way a command moves data (SAM-5 §5.4.3): none, data-in (to the initiator), data-out (from it). */
public enum DataDirection {
    NONE, IN, OUT
}
