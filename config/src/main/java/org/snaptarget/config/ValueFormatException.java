package org.snaptarget.config;

/**
 * A configuration value whose text does not parse as its type. The message is a complete sentence
 * fragment meant to follow the key's path, e.g. {@code pools[0].origin.size: '20GB' is ambiguous ...};
 * it never repeats secrets.
 */
public final class ValueFormatException extends IllegalArgumentException {

    public ValueFormatException(String message) {
        super(message);
    }
}
