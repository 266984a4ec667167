package org.snaptarget.iscsi.login;

/**
 * What to answer to one Login Request (RFC 7143 §11.13); the session layer fills
 * ISID/TSIH/ITT/StatSN/ExpCmdSN/MaxCmdSN.
 *
 * @param statusClass  0 success, 1 redirection, 2 initiator error, 3 target error (§11.13.5)
 * @param transit      the T bit; NSG is meaningful only when it is set
 * @param continueFlag the C bit: more response text follows, to be fetched with empty requests
 * @param text         the data segment (NUL-terminated key=value pairs), never null
 */
public record LoginResponse(int statusClass, int statusDetail, boolean transit, boolean continueFlag,
        int csg, int nsg, int versionMax, int versionActive, byte[] text) {

    public LoginResponse {
        text = text == null ? new byte[0] : text;
    }

    /** The status as a {@link LoginStatus}. */
    public LoginStatus status() {
        return LoginStatus.of(statusClass, statusDetail);
    }
}
