package org.snaptarget.iscsi.login;

/**
 * The outcome of a successful login: who logged in, to what, and the negotiated parameters.
 *
 * @param target null for a discovery session
 * @param isid   the 48-bit ISID in the low bits
 * @param initiatorAlias null if the initiator sent none
 */
public record NegotiatedSession(SessionType type, String initiatorName, String initiatorAlias,
        TargetEntry target, long isid, SessionParameters parameters) {
}
