package org.snaptarget.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The spelling of the names an administrator chooses: pool names, snapshot names and schedule
 * prefixes. They appear in CLI arguments, admin-API URLs, file names under {@code dataDir} and
 * metric labels, so they are kept to a portable alphabet: 1 to {@value #MAX_NAME} characters from
 * {@code A-Z a-z 0-9 . _ -}, starting with a letter or digit. A schedule names its snapshots
 * {@code prefix-yyyyMMdd-HHmmss}, so a prefix is at most {@value #MAX_PREFIX} characters, leaving
 * room for the 16-character suffix within a snapshot name.
 */
public final class NameRules {

    public static final int MAX_NAME = 64;
    public static final int MAX_PREFIX = 40;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private NameRules() {
    }

    /** The problem with a pool or snapshot name, or empty when it is well formed. */
    public static Optional<String> checkName(String name) {
        return check(name, MAX_NAME);
    }

    /** The problem with a schedule prefix, or empty when it is well formed. */
    public static Optional<String> checkPrefix(String prefix) {
        return check(prefix, MAX_PREFIX);
    }

    private static Optional<String> check(String name, int max) {
        if (name.isEmpty()) {
            return Optional.of("is empty");
        }
        if (name.length() > max) {
            return Optional.of("'" + name + "' is longer than " + max + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("'" + name + "' may only contain letters, digits, '.', '_' and '-', and must start"
                    + " with a letter or digit");
        }
        return Optional.empty();
    }
}
