package org.snaptarget.scsi.spc;

import java.io.ByteArrayOutputStream;

import org.snaptarget.scsi.LogicalUnit;

/**
 * The mode pages this target reports (SPC-4 §7.5, SBC-4 §6.5) for each page control value. Default
 * values are fixed; current values are the defaults except for the changeable parameters, which
 * the LU keeps in its {@link ModeParameters}; the changeable mask (PC=1) has a bit set exactly for
 * each changeable parameter, and MODE SELECT may change those bits only.
 * <ul>
 *   <li>08h Caching (SBC-4 §6.5.5), 20 bytes: WCE=1 (writes complete from the page cache; FUA and
 *       SYNCHRONIZE CACHE make them durable), RCD=0. Nothing changeable.</li>
 *   <li>0Ah Control (SPC-4 §7.5.8), 12 bytes: QUEUE ALGORITHM MODIFIER 1 (unrestricted reordering),
 *       QERR 0, D_SENSE (byte 2 bit 2: 0 fixed-format sense, 1 descriptor format; default 0,
 *       changeable), TAS=1 (tasks aborted by another nexus end with TASK ABORTED status), GLTSD=1
 *       (no log parameters saved).</li>
 *   <li>1Ch Informational Exceptions Control (SPC-4 §7.5.13), 12 bytes: all reporting off. Nothing
 *       changeable.</li>
 * </ul>
 */
final class ModePages {

    static final int CACHING = 0x08;
    static final int CONTROL = 0x0A;
    static final int INFORMATIONAL_EXCEPTIONS = 0x1C;
    static final int ALL_PAGES = 0x3F;

    /** Control mode page byte 2 bit 2: D_SENSE. */
    static final int D_SENSE = 0x04;
    private static final int GLTSD = 0x02;

    /** Page control values (SPC-4 §6.11 Table). */
    static final int PC_CURRENT = 0;
    static final int PC_CHANGEABLE = 1;
    static final int PC_DEFAULT = 2;
    static final int PC_SAVED = 3;

    private ModePages() {
    }

    /** @return whether the page code names a page (or 3Fh) this target has */
    static boolean supports(int pageCode) {
        return pageCode == CACHING || pageCode == CONTROL || pageCode == INFORMATIONAL_EXCEPTIONS || pageCode == ALL_PAGES;
    }

    /** @return the requested page, or all pages in ascending page-code order for 3Fh */
    static byte[] pages(int pageCode, int pageControl, LogicalUnit unit) {
        ModeParameters current = unit.modeParameters();
        if (pageCode != ALL_PAGES) {
            return page(pageCode, pageControl, current);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(page(CACHING, pageControl, current));
        all.writeBytes(page(CONTROL, pageControl, current));
        all.writeBytes(page(INFORMATIONAL_EXCEPTIONS, pageControl, current));
        return all.toByteArray();
    }

    /**
     * One page for a page control value: {@link #PC_CURRENT} from {@code current},
     * {@link #PC_DEFAULT} the defaults, {@link #PC_CHANGEABLE} the mask of changeable bits.
     */
    static byte[] page(int pageCode, int pageControl, ModeParameters current) {
        boolean changeable = pageControl == PC_CHANGEABLE;
        return switch (pageCode) {
            case CACHING -> {
                byte[] p = header(CACHING, 0x12);
                if (!changeable) {
                    p[2] = 0x04;                // WCE
                }
                yield p;
            }
            case CONTROL -> {
                byte[] p = header(CONTROL, 0x0A);
                if (changeable) {
                    p[2] = D_SENSE;
                } else {
                    boolean dSense = pageControl == PC_CURRENT && current.descriptorSense();
                    p[2] = (byte) (GLTSD | (dSense ? D_SENSE : 0));
                    p[3] = 0x10;                // QUEUE ALGORITHM MODIFIER 1, QERR 0
                    p[5] = 0x40;                // TAS
                    p[8] = (byte) 0xFF;         // BUSY TIMEOUT PERIOD: unlimited
                    p[9] = (byte) 0xFF;
                }
                yield p;
            }
            case INFORMATIONAL_EXCEPTIONS -> header(INFORMATIONAL_EXCEPTIONS, 0x0A);
            default -> throw new IllegalArgumentException("no mode page " + pageCode);
        };
    }

    /**
     * Makes the changeable parameters of a page MODE SELECT accepted current. {@code page} starts
     * with the page code byte and has the page's full length.
     *
     * @return whether a current value changed
     */
    static boolean apply(int pageCode, byte[] page, ModeParameters current) {
        if (pageCode != CONTROL) {
            return false;
        }
        boolean dSense = (page[2] & D_SENSE) != 0;
        boolean changed = dSense != current.descriptorSense();
        current.descriptorSense(dSense);
        return changed;
    }

    private static byte[] header(int pageCode, int pageLength) {
        byte[] p = new byte[2 + pageLength];
        p[0] = (byte) pageCode;
        p[1] = (byte) pageLength;
        return p;
    }
}
