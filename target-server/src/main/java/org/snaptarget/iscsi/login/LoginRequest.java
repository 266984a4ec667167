package org.snaptarget.iscsi.login;

/**
 * One Login Request PDU's fields (RFC 7143 §11.12), already split out of the BHS by the codec.
 *
 * @param transit      the T bit
 * @param continueFlag the C bit: the text continues in the next request
 * @param csg          current stage (0 security, 1 operational)
 * @param nsg          next stage (1 operational, 3 full feature); only meaningful when T=1
 * @param isid         the 48-bit ISID in the low bits
 * @param text         the raw data segment (key=value pairs), without padding; may be empty
 */
public record LoginRequest(boolean transit, boolean continueFlag, int csg, int nsg,
        int versionMax, int versionMin, long isid, int tsih, int cid, int initiatorTaskTag,
        long cmdSN, long expStatSN, byte[] text) {

    public LoginRequest {
        text = text == null ? new byte[0] : text;
    }
}
