package org.snaptarget.scsi.spc;

import java.io.ByteArrayOutputStream;

import org.snaptarget.scsi.LogicalUnit;

/**
 * The mode pages this target reports (SPC-4 §7.5, SBC-4 §6.5) for each page control value:
 * current and default values are equal, and no parameter is changeable (the changeable mask is
 * all zeros), so MODE SELECT may only send back what MODE SENSE reported.
 * <ul>
 *   <li>08h Caching (SBC-4 §6.5.5), 20 bytes: WCE=1 (writes complete from the page cache; FUA and
 *       SYNCHRONIZE CACHE make them durable), RCD=0.</li>
 *   <li>0Ah Control (SPC-4 §7.5.8), 12 bytes: QUEUE ALGORITHM MODIFIER 1 (unrestricted reordering),
 *       QERR 0, D_SENSE 0 (fixed-format sense), TAS=1 (tasks aborted by another nexus end with TASK
 *       ABORTED status), GLTSD=1 (no log parameters saved).</li>
 *   <li>1Ch Informational Exceptions Control (SPC-4 §7.5.13), 12 bytes: all reporting off.</li>
 * </ul>
 */
final class ModePages {

    static final int CACHING = 0x08;
    static final int CONTROL = 0x0A;
    static final int INFORMATIONAL_EXCEPTIONS = 0x1C;
    static final int ALL_PAGES = 0x3F;

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
        if (pageCode != ALL_PAGES) {
            return page(pageCode, pageControl);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(page(CACHING, pageControl));
        all.writeBytes(page(CONTROL, pageControl));
        all.writeBytes(page(INFORMATIONAL_EXCEPTIONS, pageControl));
        return all.toByteArray();
    }

    static byte[] page(int pageCode, int pageControl) {
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
                if (!changeable) {
                    p[2] = 0x02;                // GLTSD
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

    private static byte[] header(int pageCode, int pageLength) {
        byte[] p = new byte[2 + pageLength];
        p[0] = (byte) pageCode;
        p[1] = (byte) pageLength;
        return p;
    }
}
