package org.snaptarget.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header row and data rows, columns separated by two spaces and padded to
 * their widest cell, numbers right-aligned, no trailing spaces; a missing ({@code null} or empty)
 * cell shows as {@code -}. Widths count characters, which is
 * right for the ASCII names, sizes and dates it shows.
 */
final class TextTable {

    /** How a column's cells line up. */
    enum Align { LEFT, RIGHT }

    private final List<String> headers;
    private final List<Align> aligns;
    private final List<List<String>> rows = new ArrayList<>();

    /** Columns given as header, alignment, header, alignment, ... */
    TextTable(Object... columns) {
        if (columns.length % 2 != 0) {
            throw new IllegalArgumentException("columns come in header/alignment pairs");
        }
        List<String> h = new ArrayList<>();
        List<Align> a = new ArrayList<>();
        for (int i = 0; i < columns.length; i += 2) {
            h.add((String) columns[i]);
            a.add((Align) columns[i + 1]);
        }
        this.headers = List.copyOf(h);
        this.aligns = List.copyOf(a);
    }

    TextTable row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size()
                    + " columns");
        }
        List<String> row = new ArrayList<>(cells.length);
        for (String cell : cells) {
            row.add(cell == null || cell.isEmpty() ? "-" : cell);
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, one line per row, each ending in a newline. */
    String render() {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, width);
        for (List<String> row : rows) {
            line(out, row, width);
        }
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            line.append(aligns.get(c) == Align.RIGHT ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
