package org.snaptarget.e2e.harness;

import java.util.regex.Pattern;

/**
 * A CHAP name and secret (RFC 7143 §12.1.3). The tests only use names and secrets made of
 * characters that need no escaping in a libiscsi URL or a shell, and secrets of 12–16
 * characters, the range the Microsoft initiator accepts.
 */
public record ChapCredentials(String user, String secret) {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:-]+");

    public ChapCredentials {
        if (!PLAIN.matcher(user).matches() || !PLAIN.matcher(secret).matches()) {
            throw new IllegalArgumentException("CHAP user/secret must match " + PLAIN + ": " + user);
        }
        if (secret.length() < 12 || secret.length() > 16) {
            throw new IllegalArgumentException("CHAP secret must be 12-16 characters, got "
                                               + secret.length());
        }
    }

    /** The same user with another secret, for refusal tests. */
    public ChapCredentials withSecret(String other) {
        return new ChapCredentials(user, other);
    }
}
