package org.snaptarget.iscsi.login;

/**
 * Ends a login with a non-zero status (RFC 7143 §11.13.5): thrown inside the negotiator, turned
 * into the final Login Response by {@link LoginNegotiator#process}. Carries no stack trace.
 */
final class LoginFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient LoginStatus status;

    LoginFailure(LoginStatus status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    LoginStatus status() {
        return status;
    }
}
