package org.snaptarget.iscsi.login;

/**
 * Text data that breaks the RFC 7143 §6.1 format: a pair without its NUL or '=', a bad key name,
 * invalid UTF-8, an over-long value, a repeated key. Carries no stack trace: it is an expected
 * answer to bad input, not a bug.
 */
final class MalformedTextException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedTextException(String message) {
        super(message, null, false, false);
    }
}
