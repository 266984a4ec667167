package org.snaptarget.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "0.0.0.0:3260, 0.0.0.0, 3260",
        "127.0.0.1:0, 127.0.0.1, 0",
        "[::1]:3260, ::1, 3260",
        "[::]:3260, ::, 3260",
        "[fe80::1:2]:65535, fe80::1:2, 65535",
        "localhost:3280, localhost, 3280",
        "san-1.example.com:3260, san-1.example.com, 3260",
    })
    void parsesHostAndPortAndPrintsBack(String text, String host, int port) {
        HostPort hp = HostPort.parse(text);
        assertEquals(new HostPort(host, port), hp);
        assertEquals(text, hp.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1 | '10.0.0.1' needs a port, e.g. 10.0.0.1:3260",
        "::1:3260 | '::1:3260' looks like an IPv6 address: put it in brackets, e.g. [::1]:3260",
        "[::1 | '[::1' opens '[' without closing it: write [IPv6]:port, e.g. [::1]:3260",
        "[::1] | '[::1]' needs a port after the address, e.g. [::1]:3260",
        "[10.0.0.1]:3260 | '[10.0.0.1]:3260' puts '10.0.0.1' in brackets, which are only for IPv6 addresses",
        "[fe80::zz]:3260 | '[fe80::zz]:3260' has 'fe80::zz', which is not an IPv6 address",
        "10.0.0.256:3260 | '10.0.0.256:3260' has '10.0.0.256', which is not an IPv4 address",
        "10.0.0:3260 | '10.0.0:3260' has '10.0.0', which is not an IPv4 address",
        "010.0.0.1:3260 | '010.0.0.1:3260' has '010.0.0.1', which is not an IPv4 address",
        "host_1:3260 | 'host_1:3260' has 'host_1', which is neither an IP address nor a host name (RFC 1123 §2.1)",
        ":3260 | ':3260' has no host: write e.g. 0.0.0.0:3260",
        "10.0.0.1:65536 | '10.0.0.1:65536' has the port '65536'; a port is a number from 0 to 65535",
        "10.0.0.1:http | '10.0.0.1:http' has the port 'http'; a port is a number from 0 to 65535",
        "10.0.0.1: | '10.0.0.1:' has the port ''; a port is a number from 0 to 65535",
    })
    void refusesMalformedAddressesWithTheFix(String text, String message) {
        assertEquals(message, assertThrows(ValueFormatException.class, () -> HostPort.parse(text)).getMessage());
    }

    @Test
    void wildcardAndLoopbackAreRecognised() {
        assertTrue(HostPort.parse("0.0.0.0:1").isWildcard());
        assertTrue(HostPort.parse("[::]:1").isWildcard());
        assertFalse(HostPort.parse("10.0.0.1:1").isWildcard());
        assertTrue(HostPort.parse("127.0.0.1:1").isLoopback());
        assertTrue(HostPort.parse("127.9.9.9:1").isLoopback());
        assertTrue(HostPort.parse("[::1]:1").isLoopback());
        assertTrue(HostPort.parse("localhost:1").isLoopback());
        assertFalse(HostPort.parse("0.0.0.0:1").isLoopback());
        assertFalse(HostPort.parse("example.com:1").isLoopback());
    }

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource({
        "0.0.0.0:3260, 127.0.0.1:3260, true",
        "127.0.0.1:3260, 0.0.0.0:3260, true",
        "0.0.0.0:3260, 0.0.0.0:3261, false",
        "[::]:3260, 10.0.0.1:3260, true",
        "0.0.0.0:3260, [::1]:3260, false",
        "[::1]:3260, [0:0:0:0:0:0:0:1]:3260, true",
        "10.0.0.1:3260, 10.0.0.2:3260, false",
        "0.0.0.0:0, 0.0.0.0:0, false",
        "localhost:3260, LOCALHOST:3260, true",
        "localhost:3260, 127.0.0.1:3260, false",
    })
    void overlapMeansTheSecondBindWouldFail(String a, String b, boolean overlaps) {
        assertEquals(overlaps, HostPort.parse(a).overlaps(HostPort.parse(b)));
    }
}
