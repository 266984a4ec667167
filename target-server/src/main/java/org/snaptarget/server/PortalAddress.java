package org.snaptarget.server;

/**
 * A listen address as operators write it: {@code HOST:PORT}, {@code [IPv6]:PORT}, or {@code HOST}
 * (port 3260, the iSCSI port of RFC 7143 §4.1).
 */
public record PortalAddress(String host, int port) {

    public static final int ISCSI_PORT = 3260;

    public PortalAddress {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("portal host is empty");
        }
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("portal port " + port + " is outside 0..65535");
        }
    }

    /** Parses {@code HOST[:PORT]}; throws {@link IllegalArgumentException} with the offending text. */
    public static PortalAddress parse(String text) {
        String s = text.trim();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("portal '" + text + "': missing ']' after the IPv6 address");
            }
            host = s.substring(1, close);
            if (close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("portal '" + text + "': expected ':' after ']'");
                }
                port = s.substring(close + 2);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') != colon) {
                throw new IllegalArgumentException("portal '" + text + "': write IPv6 addresses as [addr]:port");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        int p = ISCSI_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("portal '" + text + "': port '" + port + "' is not a number");
            }
        }
        try {
            return new PortalAddress(host, p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("portal '" + text + "': " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
