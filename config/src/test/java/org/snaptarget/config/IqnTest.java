package org.snaptarget.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IqnTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "iqn.2026-11.org.snaptarget:vm1",
        "iqn.2026-11.org.snaptarget",
        "iqn.1993-08.org.debian:01:8f3a2b1c4d5e",
        "iqn.1991-05.com.microsoft:host2.corp.example.com",
        "iqn.1998-01.com.vmware:esx01-5a1b2c3d",
        "iqn.2001-04.com.example:storage.disk2.sys1.xyz",
        "iqn.2026-11.org.snaptarget:bücher",
        "eui.02004567A425678D",
        "eui.02004567a425678d",
        "naa.52004567BA64678D",
        "naa.52004567BA64678D0123456789ABCDEF",
    })
    void acceptsTheThreeFormsOfRfc3720(String name) {
        assertEquals(name, Iqn.parse(name).value());
    }

    @Test
    void acceptsExactly223BytesAndNoMore() {
        String base = "iqn.2026-11.org.snaptarget:";
        String longest = base + "a".repeat(223 - base.length());
        assertEquals(longest, Iqn.parse(longest).value());
        assertEquals("'" + longest + "a' is longer than 223 bytes (RFC 3720 §3.2.6.1)",
                assertThrows(ValueFormatException.class, () -> Iqn.parse(longest + "a")).getMessage());
    }

    @Test
    void hexadecimalFormsCompareWithoutRegardToCase() {
        assertEquals(Iqn.parse("eui.02004567a425678d").canonical(), Iqn.parse("eui.02004567A425678D").canonical());
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {
        "", "target1", "iqn", "iqn.", "iqn.2026.org.x", "iqn.2026-1.org.x", "iqn.2026-13.org.x", "iqn.2026-00.org.x",
        "iqn.2026-11", "iqn.2026-11.", "iqn.2026-11.org..x", "iqn.2026-11.-org.x", "iqn.2026-11.org-.x",
        "iqn.2026-11.org.x:", "iqn.2026-11.Org.x", "iqn.2026-11.org.x:Disk", "iqn.2026-11.org.x:a_b",
        "iqn.2026-11.org.x:a b", "iqn.2026-11.org.x:a\tb", "iqn.2026-11.org.x:a/b", "IQN.2026-11.org.x",
        "eui.0200", "eui.02004567A425678DA", "eui.02004567A425678G", "EUI.02004567A425678D",
        "naa.0123", "naa.0123456789abcdef0", "naa.0123456789abcdeg",
    })
    void refusesMalformedNames(String name) {
        assertThrows(ValueFormatException.class, () -> Iqn.parse(name));
    }

    @Test
    void upperCaseInAnIqnNameIsRefusedWithTheLowerCaseSpelling() {
        assertEquals("'iqn.2026-11.org.x:Disk' has upper-case letters; iSCSI names are lower case (RFC 3722):"
                + " write 'iqn.2026-11.org.x:disk'",
                assertThrows(ValueFormatException.class, () -> Iqn.parse("iqn.2026-11.org.x:Disk")).getMessage());
    }

    @Test
    void controlCharactersAreNamedByCodePoint() {
        assertEquals("'iqn.2026-11.org.x:a\u0001' contains the control character U+0001; iSCSI names allow only"
                + " letters, digits, '-', '.' and ':' (RFC 3722)",
                assertThrows(ValueFormatException.class, () -> Iqn.parse("iqn.2026-11.org.x:a\u0001")).getMessage());
    }

    @Test
    void theRecordConstructorChecksToo() {
        assertThrows(ValueFormatException.class, () -> new Iqn("not-a-name"));
    }
}
