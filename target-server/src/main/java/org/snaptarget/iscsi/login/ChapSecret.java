package org.snaptarget.iscsi.login;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A CHAP name and secret (RFC 7143 §12.1.3, RFC 1994). For one-way CHAP it is the credential the
 * initiator must prove; for mutual CHAP it is the name and secret the target answers with.
 *
 * <p>The secret is kept as given; it is hashed as its UTF-8 bytes. {@link #toString()} never shows
 * the secret.
 */
public record ChapSecret(String user, String secret) {

    public ChapSecret {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("CHAP user name is empty");
        }
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("CHAP secret for user " + user + " is empty");
        }
    }

    byte[] secretBytes() {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ChapSecret[user=" + user + ", secret=(hidden)]";
    }
}
