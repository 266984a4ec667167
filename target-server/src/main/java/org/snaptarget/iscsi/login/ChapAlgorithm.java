package org.snaptarget.iscsi.login;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The CHAP_A digest algorithms we support, by their number in the IANA PPP authentication
 * algorithm registry as open-iscsi and LIO use them (RFC 7143 §12.1.3; RFC 1994 for MD5).
 *
 * <p>A CHAP response is {@code H(identifier || secret || challenge)} with the identifier a single
 * octet (RFC 1994 §4.1).
 */
enum ChapAlgorithm {
    MD5(5, "MD5", 16),
    SHA1(6, "SHA-1", 20),
    SHA256(7, "SHA-256", 32),
    SHA3_256(8, "SHA3-256", 32);

    private final int code;
    private final String jcaName;
    private final int digestLength;

    ChapAlgorithm(int code, String jcaName, int digestLength) {
        this.code = code;
        this.jcaName = jcaName;
        this.digestLength = digestLength;
    }

    /** The CHAP_A value. */
    int code() {
        return code;
    }

    int digestLength() {
        return digestLength;
    }

    /** The supported algorithm with this CHAP_A number. */
    static Optional<ChapAlgorithm> ofCode(long code) {
        for (ChapAlgorithm a : values()) {
            if (a.code == code) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** {@code H(identifier || secret || challenge)}. */
    byte[] response(int identifier, byte[] secret, byte[] challenge) {
        MessageDigest md = newDigest();
        md.update((byte) identifier);
        md.update(secret);
        md.update(challenge);
        return md.digest();
    }

    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jcaName + ", which every Java SE 21 runtime provides", e);
        }
    }
}
