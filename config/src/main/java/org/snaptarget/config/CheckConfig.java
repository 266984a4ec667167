package org.snaptarget.config;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code snaptarget check-config FILE}: validates a configuration file and prints every problem
 * as {@code file:line:column: message}, one a line, then a count; or, for a valid file, one line
 * summarising what it defines.
 */
public final class CheckConfig {

    /** The file is valid. */
    public static final int OK = 0;
    /** The file has errors; they were printed. */
    public static final int INVALID = 1;
    /** The file could not be read at all. */
    public static final int UNREADABLE = 2;

    private CheckConfig() {
    }

    /** Checks {@code file}, printing to {@code out}; returns {@link #OK}, {@link #INVALID} or {@link #UNREADABLE}. */
    public static int run(Path file, PrintStream out) {
        return run(file, out, KnownSnapshots.UNKNOWN);
    }

    /**
     * As {@link #run(Path, PrintStream)}, also checking that the snapshots LUNs name exist, for a
     * caller that can list the pools' snapshots (opening the stores is not this module's business).
     */
    public static int run(Path file, PrintStream out, KnownSnapshots known) {
        ConfigResult result;
        try {
            result = ConfigLoader.load(file, known);
        } catch (NoSuchFileException e) {
            out.println(file + ": cannot read: no such file");
            return UNREADABLE;
        } catch (IOException e) {
            out.println(file + ": cannot read: " + (e.getMessage() == null ? e : e.getMessage()));
            return UNREADABLE;
        }
        if (!result.isValid()) {
            result.errors().forEach(out::println);
            int n = result.errors().size();
            out.println(file + ": " + n + (n == 1 ? " error" : " errors"));
            return INVALID;
        }
        SnapTargetConfig c = result.config().orElseThrow();
        long luns = c.targets().stream().mapToLong(t -> t.luns().size()).sum();
        out.println(file + ": OK (" + plural(c.pools().size(), "pool") + ", " + plural(c.targets().size(), "target")
                + ", " + plural(luns, "LUN") + ")");
        return OK;
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
