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

    /** Equal when every field and the text bytes are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LoginResponse r && statusClass == r.statusClass && statusDetail == r.statusDetail
                && transit == r.transit && continueFlag == r.continueFlag && csg == r.csg && nsg == r.nsg
                && versionMax == r.versionMax && versionActive == r.versionActive
                && java.util.Arrays.equals(text, r.text);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(statusClass, statusDetail, transit, continueFlag, csg, nsg, versionMax,
                versionActive) * 31 + java.util.Arrays.hashCode(text);
    }

    /** Status, flags, stages and the text as key=value pairs, CHAP challenge and response values elided. */
    @Override
    public String toString() {
        return String.format("LoginResponse[%02x/%02x T=%d C=%d CSG=%d NSG=%d %s]", statusClass, statusDetail,
                transit ? 1 : 0, continueFlag ? 1 : 0, csg, nsg, TextCodec.describe(text));
    }

    /** The status as a {@link LoginStatus}. */
    public LoginStatus status() {
        return LoginStatus.of(statusClass, statusDetail);
    }
}
