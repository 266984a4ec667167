package org.snaptarget.cli;

import org.junit.jupiter.api.Test;
import org.snaptarget.cli.TextTable.Align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link HumanBytes} and {@link TextTable}, the pieces of every table the CLI prints. */
class TextOutputTest {

    @Test
    void bytesBelowOneKibAreWholeBytes() {
        assertEquals("0 B", HumanBytes.format(0));
        assertEquals("1023 B", HumanBytes.format(1023));
    }

    @Test
    void largerCountsUseTheLargestUnitWithOneDecimal() {
        assertEquals("1.0 KiB", HumanBytes.format(1024));
        assertEquals("1.5 KiB", HumanBytes.format(1536));
        assertEquals("1024.0 KiB", HumanBytes.format(1024 * 1024 - 1));
        assertEquals("1.0 MiB", HumanBytes.format(1 << 20));
        assertEquals("40.0 GiB", HumanBytes.format(40L << 30));
        assertEquals("8.0 EiB", HumanBytes.format(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> HumanBytes.format(-1));
    }

    @Test
    void tableColumnsArePaddedToTheWidestCellNumbersRightAlignedNoTrailingSpaces() {
        String table = new TextTable("NAME", Align.LEFT, "SIZE", Align.RIGHT, "NOTE", Align.LEFT)
                .row("a", "1 B", null)
                .row("longer", "10.5 MiB", "x")
                .render();
        assertEquals("""
                NAME        SIZE  NOTE
                a            1 B  -
                longer  10.5 MiB  x
                """, table);
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsRefused() {
        TextTable t = new TextTable("A", Align.LEFT, "B", Align.LEFT);
        assertThrows(IllegalArgumentException.class, () -> t.row("only one"));
    }
}
