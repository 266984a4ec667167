package org.snaptarget.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A listening address written {@code host:port}: an IPv4 literal ({@code 0.0.0.0:3260}), an IPv6
 * literal in brackets ({@code [::1]:3260}, RFC 3986 §3.2.2), or a host name ({@code localhost:3280}).
 * Host names are checked for syntax only (RFC 1123 §2.1) and never resolved here, so that checking
 * a configuration does not depend on DNS. Port 0 means "any free port" and is meant for tests.
 *
 * <p>Invariants: {@code host} is stored without brackets; {@code 0 <= port <= 65535}.
 */
public record HostPort(String host, int port) {

    private static final Pattern IPV4 = Pattern.compile("[0-9]+(\\.[0-9]+){3}");
    private static final Pattern LOOKS_NUMERIC = Pattern.compile("[0-9.]+");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    public HostPort {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        checkHost(host, host);
    }

    /**
     * Parses {@code host:port} as described in the class comment.
     *
     * @throws ValueFormatException naming what is wrong and what to write instead
     */
    public static HostPort parse(String text) {
        String t = text.strip();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new ValueFormatException("'" + text + "' opens '[' without closing it: write [IPv6]:port,"
                        + " e.g. [::1]:3260");
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.startsWith(":")) {
                throw new ValueFormatException("'" + text + "' needs a port after the address, e.g. [" + host
                        + "]:3260");
            }
            port = rest.substring(1);
            if (!host.contains(":")) {
                throw new ValueFormatException("'" + text + "' puts '" + host + "' in brackets, which are only for"
                        + " IPv6 addresses");
            }
        } else {
            int colon = t.lastIndexOf(':');
            if (colon < 0) {
                throw new ValueFormatException("'" + text + "' needs a port, e.g. " + t + ":3260");
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
            if (host.contains(":")) {
                throw new ValueFormatException("'" + text + "' looks like an IPv6 address: put it in brackets,"
                        + " e.g. [::1]:3260");
            }
        }
        checkHost(host, text);
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65_535) {
            throw new ValueFormatException("'" + text + "' has the port '" + port + "'; a port is a number from 0"
                    + " to 65535");
        }
        return new HostPort(host, Integer.parseInt(port));
    }

    public boolean isIpv6() {
        return host.contains(":");
    }

    /** {@code 0.0.0.0} or {@code ::}: every address of the machine. */
    public boolean isWildcard() {
        InetAddress a = literal();
        return a != null && a.isAnyLocalAddress();
    }

    /** A loopback literal (127.0.0.0/8, ::1) or {@code localhost}. */
    public boolean isLoopback() {
        if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        InetAddress a = literal();
        return a != null && a.isLoopbackAddress();
    }

    /**
     * Whether binding both addresses would clash: the same non-zero port and either the same host,
     * or one of them the wildcard of a family that covers the other ({@code ::} is dual-stack on
     * the JDK and covers IPv4 too). Host names are compared as written.
     */
    public boolean overlaps(HostPort other) {
        if (port == 0 || port != other.port) {
            return false;
        }
        InetAddress a = literal();
        InetAddress b = other.literal();
        if (a == null || b == null) {
            return host.equalsIgnoreCase(other.host);
        }
        return a.equals(b) || covers(a, b) || covers(b, a);
    }

    private static boolean covers(InetAddress wildcard, InetAddress other) {
        return wildcard.isAnyLocalAddress() && (wildcard instanceof Inet6Address || !(other instanceof Inet6Address));
    }

    /** The parsed address when the host is a literal, else {@code null}. Never consults DNS. */
    private InetAddress literal() {
        if (!isIpv6() && !IPV4.matcher(host).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(isIpv6() ? "[" + host + "]" : host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return (isIpv6() ? "[" + host + "]" : host) + ":" + port;
    }

    private static void checkHost(String host, String text) {
        if (host.isEmpty()) {
            throw new ValueFormatException("'" + text + "' has no host: write e.g. 0.0.0.0:3260");
        }
        if (host.contains(":")) {
            try {
                if (!(InetAddress.getByName("[" + host + "]") instanceof Inet6Address)) {
                    throw new UnknownHostException(host);
                }
            } catch (UnknownHostException | IllegalArgumentException e) {
                throw new ValueFormatException("'" + text + "' has '" + host + "', which is not an IPv6 address");
            }
            return;
        }
        if (LOOKS_NUMERIC.matcher(host).matches()) {
            if (!IPV4.matcher(host).matches() || !octetsInRange(host)) {
                throw new ValueFormatException("'" + text + "' has '" + host + "', which is not an IPv4 address");
            }
            return;
        }
        if (host.length() > 253) {
            throw new ValueFormatException("'" + text + "' has a host name longer than 253 characters");
        }
        for (String label : host.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                throw new ValueFormatException("'" + text + "' has '" + host + "', which is neither an IP address"
                        + " nor a host name (RFC 1123 §2.1)");
            }
        }
    }

    /** Leading zeros are refused: some stacks read {@code 010} as octal, the JDK refuses it. */
    private static boolean octetsInRange(String host) {
        for (String octet : host.split("\\.")) {
            if (octet.length() > 3 || Integer.parseInt(octet) > 255 || (octet.length() > 1 && octet.startsWith("0"))) {
                return false;
            }
        }
        return true;
    }
}
