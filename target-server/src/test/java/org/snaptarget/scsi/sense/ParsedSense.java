package org.snaptarget.scsi.sense;

/**
 * Sense data read back the way an initiator reads it, from either format (SPC-4 §4.5.2 descriptor,
 * §4.5.3 fixed), written independently of {@link SenseResponder} so tests check its layout rather
 * than mirror it. Descriptors this parser does not know make it fail.
 *
 * @param format             which format the response code said
 * @param key                sense key
 * @param asc                additional sense code
 * @param ascq               additional sense code qualifier
 * @param informationValid   whether INFORMATION is present (VALID bit)
 * @param information        INFORMATION (4 bytes in fixed format, 8 in the information descriptor)
 * @param senseKeySpecific   the three sense-key-specific bytes with SKSV set, or {@code null}
 */
public record ParsedSense(SenseFormat format, int key, int asc, int ascq, boolean informationValid, long information,
                          byte[] senseKeySpecific) {

    public static ParsedSense parse(byte[] s) {
        int code = s[0] & 0x7F;
        return switch (code) {
            case 0x70 -> parseFixed(s);
            case 0x72 -> parseDescriptor(s);
            default -> throw new AssertionError("response code " + Integer.toHexString(code));
        };
    }

    private static ParsedSense parseFixed(byte[] s) {
        if (s.length < 18 || (s[7] & 0xFF) != s.length - 8) {
            throw new AssertionError("fixed sense of " + s.length + " bytes, additional length " + s[7]);
        }
        boolean valid = (s[0] & 0x80) != 0;
        long info = ((long) (s[3] & 0xFF) << 24) | ((s[4] & 0xFF) << 16) | ((s[5] & 0xFF) << 8) | (s[6] & 0xFF);
        byte[] sks = (s[15] & 0x80) != 0 ? new byte[] {s[15], s[16], s[17]} : null;
        return new ParsedSense(SenseFormat.FIXED, s[2] & 0x0F, s[12] & 0xFF, s[13] & 0xFF, valid, valid ? info : 0, sks);
    }

    private static ParsedSense parseDescriptor(byte[] s) {
        if (s.length < 8 || (s[7] & 0xFF) != s.length - 8) {
            throw new AssertionError("descriptor sense of " + s.length + " bytes, additional length " + s[7]);
        }
        boolean valid = false;
        long info = 0;
        byte[] sks = null;
        int at = 8;
        while (at < s.length) {
            int type = s[at] & 0xFF;
            int length = s[at + 1] & 0xFF;
            switch (type) {
                case 0x00 -> {
                    if (length != 0x0A) {
                        throw new AssertionError("information descriptor length " + length);
                    }
                    valid = (s[at + 2] & 0x80) != 0;
                    for (int i = 0; i < 8; i++) {
                        info = info << 8 | (s[at + 4 + i] & 0xFF);
                    }
                }
                case 0x02 -> {
                    if (length != 0x06) {
                        throw new AssertionError("sense key specific descriptor length " + length);
                    }
                    sks = new byte[] {s[at + 4], s[at + 5], s[at + 6]};
                }
                default -> throw new AssertionError("unexpected descriptor type " + type);
            }
            at += 2 + length;
        }
        if (at != s.length) {
            throw new AssertionError("descriptors overrun the sense data");
        }
        return new ParsedSense(SenseFormat.DESCRIPTOR, s[1] & 0x0F, s[2] & 0xFF, s[3] & 0xFF, valid, info, sks);
    }

    /** @return the field pointer of the sense-key-specific bytes, or -1 when there are none */
    public int fieldPointer() {
        return senseKeySpecific == null ? -1 : ((senseKeySpecific[1] & 0xFF) << 8) | (senseKeySpecific[2] & 0xFF);
    }
}
