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

    /** Equal when every field and the text bytes are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LoginRequest r && transit == r.transit && continueFlag == r.continueFlag
                && csg == r.csg && nsg == r.nsg && versionMax == r.versionMax && versionMin == r.versionMin
                && isid == r.isid && tsih == r.tsih && cid == r.cid && initiatorTaskTag == r.initiatorTaskTag
                && cmdSN == r.cmdSN && expStatSN == r.expStatSN && java.util.Arrays.equals(text, r.text);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(transit, continueFlag, csg, nsg, isid, tsih, cid, initiatorTaskTag,
                cmdSN, expStatSN) * 31 + java.util.Arrays.hashCode(text);
    }

    /** Flags, stages and the text as key=value pairs, CHAP challenge and response values elided. */
    @Override
    public String toString() {
        return String.format("LoginRequest[T=%d C=%d CSG=%d NSG=%d ISID=0x%012x TSIH=%d CID=%d ITT=0x%08x %s]",
                transit ? 1 : 0, continueFlag ? 1 : 0, csg, nsg, isid, tsih, cid, initiatorTaskTag,
                TextCodec.describe(text));
    }
}
