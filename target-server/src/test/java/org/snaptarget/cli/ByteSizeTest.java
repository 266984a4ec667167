package org.snaptarget.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteSizeTest {

    @Test
    void binaryUnitsAreParsed() {
        assertEquals(1L << 30, ByteSize.parse("1GiB").bytes());
        assertEquals(512L << 20, ByteSize.parse("512MiB").bytes());
        assertEquals(3L << 40, ByteSize.parse("3TiB").bytes());
        assertEquals(4096, ByteSize.parse("4KiB").bytes());
        assertEquals(4096, ByteSize.parse("4096").bytes());
        assertEquals(2L << 30, ByteSize.parse(" 2g ").bytes());
    }

    @Test
    void badSizesAreRefusedWithTheOffendingText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("1GB"));
        assertTrue(e.getMessage().contains("'1GB'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("GiB"));
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("99999999999TiB"));
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("-1"));
    }

    @Test
    void printsInTheLargestExactUnit() {
        assertEquals("1GiB", ByteSize.parse("1024MiB").toString());
        assertEquals("1536KiB", new ByteSize(1536 * 1024).toString());
    }
}
