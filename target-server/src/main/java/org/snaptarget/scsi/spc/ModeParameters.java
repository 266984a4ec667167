package org.snaptarget.scsi.spc;

import org.snaptarget.scsi.sense.SenseFormat;

/**
 * The current values of the changeable mode parameters of one logical unit (SPC-4 §7.5). They
 * are kept per LU and shared by every I_T nexus (SPC-4 §7.5.1 lets a device server choose), so a
 * change made through one nexus is seen by all and announced to the others with MODE PARAMETERS
 * CHANGED. Nothing is saved: after a restart every parameter is at its default again.
 *
 * <p>The one changeable parameter is D_SENSE of the Control mode page (SPC-4 §7.5.8), default 0:
 * it selects the sense data format of every CHECK CONDITION the LU returns.
 *
 * <p>Thread-safe: each parameter is a volatile field; MODE SELECT writes it after it has checked
 * the whole parameter list, so a command sees either the old or the new value.
 */
public final class ModeParameters {

    private volatile boolean descriptorSense;

    /** @return the D_SENSE bit */
    public boolean descriptorSense() {
        return descriptorSense;
    }

    void descriptorSense(boolean value) {
        descriptorSense = value;
    }

    /** @return the format of the sense data this LU returns with CHECK CONDITION */
    public SenseFormat senseFormat() {
        return descriptorSense ? SenseFormat.DESCRIPTOR : SenseFormat.FIXED;
    }
}
