package org.snaptarget.scsi.spc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.snaptarget.scsi.sense.SenseException;

/**
 * Decodes iSCSI TransportIDs (SPC-4 §7.6.4.6) in PERSISTENT RESERVE OUT parameter lists: byte 0
 * FORMAT CODE (bits 7..6) and PROTOCOL IDENTIFIER (bits 3..0, 5h for iSCSI), bytes 2..3 ADDITIONAL
 * LENGTH (a multiple of 4), then a null-terminated, null-padded UTF-8 string:
 * <ul>
 *   <li>format 00h: an iSCSI name, which names an initiator device — every initiator port with
 *       that name;</li>
 *   <li>format 01h: {@code iSCSI name + ",i,0x" + ISID} (12 hex digits), one initiator port; the ISID
 *       is returned in lower case, the spelling the target uses for port names.</li>
 * </ul>
 * Every error is INVALID FIELD IN PARAMETER LIST pointing at the offending byte of the parameter
 * list, so a bad TransportID never registers anything.
 */
final class TransportIds {

    private static final int ISCSI = 0x5;
    private static final String ISID_SEPARATOR = ",i,0x";
    private static final int ISID_HEX_DIGITS = 12;

    /** One decoded TransportID: the initiator (port) name, where it starts and how many bytes it takes. */
    record TransportId(String initiatorName, int offset, int length) {
    }

    private TransportIds() {
    }

    /** Decodes the TransportID at {@code at}, which must end at or before {@code end}. */
    static TransportId decode(byte[] p, int at, int end) throws SenseException {
        if (end - at < 4) {
            throw SenseException.invalidParameterField(at);
        }
        int protocol = p[at] & 0x0F;
        int format = (p[at] & 0xC0) >>> 6;
        if (protocol != ISCSI) {
            throw SenseException.invalidParameterField(at, 3);
        }
        if (format > 1) {
            throw SenseException.invalidParameterField(at, 7);
        }
        int additional = ((p[at + 2] & 0xFF) << 8) | (p[at + 3] & 0xFF);
        if (additional % 4 != 0 || additional == 0 || at + 4 + additional > end) {
            throw SenseException.invalidParameterField(at + 2);
        }
        int nameEnd = at + 4;
        int limit = at + 4 + additional;
        while (nameEnd < limit && p[nameEnd] != 0) {
            nameEnd++;
        }
        if (nameEnd == limit || nameEnd == at + 4) {
            throw SenseException.invalidParameterField(at + 4);
        }
        String name = new String(p, at + 4, nameEnd - (at + 4), StandardCharsets.UTF_8);
        int separator = name.toLowerCase(Locale.ROOT).indexOf(ISID_SEPARATOR);
        if (format == 0) {
            if (separator >= 0) {
                throw SenseException.invalidParameterField(at, 7);
            }
            return new TransportId(name, at, 4 + additional);
        }
        String isid = separator < 0 ? "" : name.substring(separator + ISID_SEPARATOR.length());
        if (separator <= 0 || isid.length() != ISID_HEX_DIGITS || !isid.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw SenseException.invalidParameterField(at + 4);
        }
        return new TransportId(name.substring(0, separator) + ISID_SEPARATOR + isid.toLowerCase(Locale.ROOT), at,
                4 + additional);
    }

    /**
     * Decodes the TransportIDs filling {@code [at, end)} back to back.
     *
     * @throws SenseException when one is malformed or the last one does not end exactly at {@code end}
     */
    static List<TransportId> decodeList(byte[] p, int at, int end) throws SenseException {
        List<TransportId> ids = new ArrayList<>();
        while (at < end) {
            TransportId id = decode(p, at, end);
            ids.add(id);
            at += id.length();
        }
        return ids;
    }
}
