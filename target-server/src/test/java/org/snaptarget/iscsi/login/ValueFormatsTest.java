package org.snaptarget.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ValueFormatsTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "8192, 8192",
            "16777215, 16777215",
            "0x2000, 8192",
            "0X2000, 8192",
            "0xffffff, 16777215",
            "9223372036854775807, 9223372036854775807",
            "0x7fffffffffffffff, 9223372036854775807"
    })
    void parsesDecimalAndHexNumbers(String text, long expected) {
        assertEquals(OptionalLong.of(expected), ValueFormats.parseNumber(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "08192", "00", "-1", "+1", "1e3", "12a", "0x", "0xg1", "0b1",
            "9223372036854775808", "0x8000000000000000", "0x10000000000000000", " 1"})
    void refusesWhatIsNotANumericalValue(String text) {
        assertEquals(OptionalLong.empty(), ValueFormats.parseNumber(text));
    }

    @Test
    void booleanIsExactlyYesOrNo() {
        assertEquals(Optional.of(true), ValueFormats.parseBoolean("Yes"));
        assertEquals(Optional.of(false), ValueFormats.parseBoolean("No"));
        assertEquals(Optional.empty(), ValueFormats.parseBoolean("yes"));
        assertEquals(Optional.empty(), ValueFormats.parseBoolean("1"));
        assertEquals("Yes", ValueFormats.formatBoolean(true));
        assertEquals("No", ValueFormats.formatBoolean(false));
    }

    @Test
    void listKeepsOrderAndEmptyItems() {
        assertEquals(List.of("None", "CRC32C"), ValueFormats.parseList("None,CRC32C"));
        assertEquals(List.of("CHAP"), ValueFormats.parseList("CHAP"));
        assertEquals(List.of("a", "", "b"), ValueFormats.parseList("a,,b"));
    }

    @Test
    void decodesHexBinaryWithImplicitLeadingZeroForOddDigits() {
        assertArrayEquals(new byte[] {0x01, (byte) 0xab}, ValueFormats.parseBinary("0x01AB").orElseThrow());
        assertArrayEquals(new byte[] {0x0a, (byte) 0xbc}, ValueFormats.parseBinary("0xabc").orElseThrow());
    }

    @Test
    void decodesBase64Binary() {
        // "0b" + base64 of 00 01 02 03 ff
        assertArrayEquals(new byte[] {0, 1, 2, 3, (byte) 0xff}, ValueFormats.parseBinary("0bAAECA/8=").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "0b", "ab", "12", "0xzz", "0b!!!", "0c12"})
    void refusesWhatIsNotABinaryValue(String text) {
        assertTrue(ValueFormats.parseBinary(text).isEmpty());
    }

    @Test
    void formatsHexWithPrefixAndTwoDigitsPerByte() {
        assertEquals("0x00ff10", ValueFormats.formatHex(new byte[] {0, (byte) 0xff, 0x10}));
    }
}
