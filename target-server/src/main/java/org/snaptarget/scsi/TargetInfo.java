package org.snaptarget.scsi;

import java.nio.charset.StandardCharsets;

/**
 * The strings standard INQUIRY data reports for every LU of this target (SPC-4 §6.6.2): T10 vendor
 * identification (8 bytes), product identification (16) and product revision level (4), each
 * ASCII, left-aligned and padded with spaces.
 */
public record TargetInfo(String vendor, String product, String revision) {

    /** SnapTarget's own identification. */
    public static final TargetInfo SNAPTARGET = new TargetInfo("SNAPTGT", "SnapTarget", "0001");

    public TargetInfo {
        check(vendor, 8, "vendor");
        check(product, 16, "product");
        check(revision, 4, "revision");
    }

    private static void check(String value, int max, String what) {
        if (value.isEmpty() || value.length() > max || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException(what + " must be 1.." + max + " printable ASCII characters: " + value);
        }
    }

    /** @return the value left-aligned in {@code width} bytes, padded with spaces */
    public static byte[] padded(String value, int width) {
        byte[] out = new byte[width];
        java.util.Arrays.fill(out, (byte) ' ');
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, out, 0, Math.min(width, b.length));
        return out;
    }
}
