package org.snaptarget.e2e.harness;

import java.time.Duration;
import java.util.List;

/**
 * What one run of an external program produced: its exit code, both output streams and how long
 * it took. {@code timedOut} means the run was killed at its deadline, and then {@code exitCode}
 * is meaningless.
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr,
                            Duration elapsed, boolean timedOut) {

    public CommandResult {
        command = List.copyOf(command);
    }

    /** True when the program exited by itself with status 0. */
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** Both streams, stdout first: what a person would have seen on a terminal, roughly. */
    public String output() {
        return stderr.isEmpty() ? stdout : stdout + "\n" + stderr;
    }

    /** A failure message: the command line, how it ended and the end of both streams. */
    public String describe() {
        String ending = timedOut ? "was killed after " + seconds() + " s (timeout)"
                                 : "exited " + exitCode + " after " + seconds() + " s";
        return String.join(" ", command) + " " + ending
               + "\n--- stdout (tail) ---\n" + Text.tail(stdout, 40)
               + "\n--- stderr (tail) ---\n" + Text.tail(stderr, 40);
    }

    /** Elapsed wall-clock time in seconds with two decimals, for log lines. */
    public String seconds() {
        return String.format("%.2f", elapsed.toNanos() / 1e9);
    }
}
