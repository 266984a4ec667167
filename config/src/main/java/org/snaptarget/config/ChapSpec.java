package org.snaptarget.config;

import java.util.Objects;

/**
 * A CHAP user name and secret (RFC 1994, RFC 7143 §12.1.3). The secret is 12 to 16 characters:
 * the Microsoft iSCSI initiator refuses anything else. {@link #toString()} hides the secret so that
 * it never reaches a log.
 *
 * @param user   CHAP_N, non-empty
 * @param secret the shared secret
 */
public record ChapSpec(String user, String secret) {

    public static final int MIN_SECRET = 12;
    public static final int MAX_SECRET = 16;

    public ChapSpec {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "ChapSpec[user=" + user + ", secret=(" + secret.length() + " characters)]";
    }
}
