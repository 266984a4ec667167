package org.snaptarget.iscsi.login;

import java.util.Objects;

/**
 * A network portal of a target: the address initiators connect to and the target portal group it
 * belongs to (RFC 7143 §13.8 TargetAddress, §13.9 TargetPortalGroupTag).
 *
 * @param host the host name or IP literal; an IPv6 literal is given without brackets
 * @param port the TCP port, 0..65535 (0 only for a not yet bound listener in tests)
 * @param tpgt the target portal group tag, 0..65535 (RFC 7143 §13.9: a 16-bit value)
 */
public record Portal(String host, int port, int tpgt) {

    public Portal {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("portal host is empty");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("portal port " + port + " is outside 0..65535");
        }
        if (tpgt < 0 || tpgt > 0xFFFF) {
            throw new IllegalArgumentException("target portal group tag " + tpgt + " is outside 0..65535");
        }
    }

    /**
     * "host:port,tpgt" as SendTargets' TargetAddress (RFC 7143 §13.8, Appendix C): an IPv6
     * literal goes in brackets, and the portal group tag is always included.
     */
    public String targetAddress() {
        return hostForAddress() + ":" + port + "," + tpgt;
    }

    /** True for the wildcard addresses a listener may bind to (0.0.0.0, ::). */
    boolean isWildcard() {
        String bare = stripBrackets(host);
        return bare.equals("0.0.0.0") || bare.equals("::") || bare.equals("0:0:0:0:0:0:0:0");
    }

    /**
     * True if a connection arriving at {@code local} arrived at this portal: same port, and the
     * same host (IPv6 brackets and case aside) or this portal listens on a wildcard address.
     */
    boolean serves(Portal local) {
        return port == local.port()
                && (isWildcard() || stripBrackets(host).equalsIgnoreCase(stripBrackets(local.host())));
    }

    private String hostForAddress() {
        String bare = stripBrackets(host);
        return bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare;
    }

    private static String stripBrackets(String h) {
        return h.length() >= 2 && h.charAt(0) == '[' && h.charAt(h.length() - 1) == ']'
                ? h.substring(1, h.length() - 1) : h;
    }
}
