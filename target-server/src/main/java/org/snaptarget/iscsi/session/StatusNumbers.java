package org.snaptarget.iscsi.session;

/**
 * The numbers every status-bearing target PDU carries (RFC 7143 §4.2.2.1-2): StatSN per
 * connection, and the session's ExpCmdSN/MaxCmdSN window.
 */
public interface StatusNumbers {
    /** Allocates the StatSN of a PDU that carries status (advances the counter). */
    int nextStatSN();

    /** The StatSN of the next status, without advancing it (R2T, target NOP-In, §11.8.3, §11.19.2). */
    int currentStatSN();

    int expCmdSN();

    int maxCmdSN();
}
