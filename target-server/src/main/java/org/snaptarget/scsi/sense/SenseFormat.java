package org.snaptarget.scsi.sense;

/**
 * The two sense data formats of SPC-4 §4.5.1. Which one a logical unit returns is the D_SENSE bit
 * of its Control mode page (SPC-4 §7.5.8); REQUEST SENSE chooses with its own DESC bit (§6.39).
 */
public enum SenseFormat {
    /** Response code 70h: 18 bytes, a 4-byte INFORMATION field (SPC-4 §4.5.3). */
    FIXED,
    /** Response code 72h: an 8-byte header followed by sense data descriptors (SPC-4 §4.5.2). */
    DESCRIPTOR
}
