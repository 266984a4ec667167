package org.snaptarget.config;

import java.util.Objects;

/**
 * One problem found in a configuration file, at a 1-based line and column. Printed the way
 * compilers print, {@code file:line:column: message}, so editors can jump to it.
 */
public record ConfigError(String file, int line, int column, String message) {

    public ConfigError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
