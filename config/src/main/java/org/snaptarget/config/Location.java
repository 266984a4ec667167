package org.snaptarget.config;

/**
 * A position in the configuration file, both 1-based as editors show them.
 */
record Location(int line, int column) implements Comparable<Location> {

    static final Location START = new Location(1, 1);

    @Override
    public int compareTo(Location other) {
        return line != other.line ? Integer.compare(line, other.line) : Integer.compare(column, other.column);
    }

    /** "line 4, column 11", for messages that point back at an earlier definition. */
    String describe() {
        return "line " + line + ", column " + column;
    }
}
