package org.snaptarget.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizeTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
        "0, 0",
        "512, 512",
        "4096B, 4096",
        "64KiB, 65536",
        "1MiB, 1048576",
        "20GiB, 21474836480",
        "2TiB, 2199023255552",
        "'20 GiB', 21474836480",
        "' 7MiB ', 7340032",
    })
    void parsesWholeNumbersWithBinaryUnits(String text, long bytes) {
        assertEquals(bytes, Size.parse(text).bytes());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "20GB | '20GB' has the ambiguous unit 'GB': write 20GiB (binary) or a plain number of bytes",
        "10G | '10G' has the ambiguous unit 'G': write 10GiB (binary) or a plain number of bytes",
        "4k | '4k' has the ambiguous unit 'k': write 4KiB (binary) or a plain number of bytes",
        "1tb | '1tb' has the ambiguous unit 'tb': write 1TiB (binary) or a plain number of bytes",
        "3PiB | '3PiB' has the unknown unit 'PiB': use B, KiB, MiB, GiB or TiB",
        "5gib | '5gib' has the unknown unit 'gib': use B, KiB, MiB, GiB or TiB",
        "1.5GiB | '1.5GiB' is not a size: write a whole number of bytes or a whole number followed by KiB, MiB,"
                + " GiB or TiB, e.g. 20GiB",
        "-1 | '-1' is not a size: write a whole number of bytes or a whole number followed by KiB, MiB, GiB or TiB,"
                + " e.g. 20GiB",
        "GiB | 'GiB' is not a size: write a whole number of bytes or a whole number followed by KiB, MiB, GiB or"
                + " TiB, e.g. 20GiB",
        "4194304TiB | '4194304TiB' is too large: at most 4194303TiB",
        "99999999999999999999999 | '99999999999999999999999' is too large: at most 4194303TiB",
    })
    void refusesAmbiguousUnknownFractionalAndHugeSizesWithTheFix(String text, String message) {
        assertEquals(message, assertThrows(ValueFormatException.class, () -> Size.parse(text)).getMessage());
    }

    @Test
    void largestAcceptedSizeParses() {
        assertEquals(4_194_303L * Size.TIB, Size.parse("4194303TiB").bytes());
    }

    @ParameterizedTest(name = "{0} bytes prints as {1}")
    @CsvSource({"0, 0B", "1000, 1000B", "1024, 1KiB", "65536, 64KiB", "1536, 1536B", "1572864, 1536KiB",
        "21474836480, 20GiB", "2199023255552, 2TiB"})
    void printsTheShortestExactSpellingThatParsesBack(long bytes, String text) {
        assertEquals(text, Size.ofBytes(bytes).toString());
        assertEquals(bytes, Size.parse(text).bytes());
    }

    @Test
    void negativeBytesAreNotASize() {
        assertThrows(IllegalArgumentException.class, () -> Size.ofBytes(-1));
    }
}
