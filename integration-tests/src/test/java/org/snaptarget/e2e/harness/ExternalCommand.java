package org.snaptarget.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external program to completion with a deadline and captures what it printed.
 *
 * <p>Output goes to temporary files rather than pipes, so a chatty program can never block on a
 * full pipe while we wait for it. A program still running at its deadline is killed (its whole
 * process tree, by PID) and reported as timed out. Every run logs one line with its duration,
 * which is how the end-to-end tests "say how long each took".
 */
public final class ExternalCommand {

    private final List<String> command;
    private Duration timeout = Duration.ofSeconds(120);
    private final List<String[]> environment = new ArrayList<>();

    private ExternalCommand(List<String> command) {
        this.command = List.copyOf(command);
    }

    public static ExternalCommand of(String... command) {
        return new ExternalCommand(List.of(command));
    }

    public static ExternalCommand of(List<String> command) {
        return new ExternalCommand(command);
    }

    public ExternalCommand timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    public ExternalCommand env(String name, String value) {
        environment.add(new String[] {name, value});
        return this;
    }

    /** Starts the program without waiting; the caller owns the returned handle. */
    public Started start() {
        try {
            Path out = Files.createTempFile("e2e-out-", ".txt");
            Path err = Files.createTempFile("e2e-err-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            for (String[] kv : environment) {
                builder.environment().put(kv[0], kv[1]);
            }
            long begin = System.nanoTime();
            Process process = builder.start();
            ChildProcesses.register(process);
            return new Started(command, process, out, err, begin, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** Runs the program to completion (or to its deadline) and logs how long it took. */
    public CommandResult run() {
        return start().await();
    }

    /** A program started by {@link #start()}. */
    public static final class Started {
        private final List<String> command;
        private final Process process;
        private final Path out;
        private final Path err;
        private final long begin;
        private final Duration timeout;

        private Started(List<String> command, Process process, Path out, Path err, long begin,
                        Duration timeout) {
            this.command = command;
            this.process = process;
            this.out = out;
            this.err = err;
            this.begin = begin;
            this.timeout = timeout;
        }

        public long pid() {
            return process.pid();
        }

        /** Waits for the program to end, killing it at its deadline. */
        public CommandResult await() {
            boolean timedOut = false;
            try {
                long remaining = timeout.toNanos() - (System.nanoTime() - begin);
                if (!process.waitFor(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
                    timedOut = true;
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException("interrupted while waiting for " + command, e);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
            try {
                String stdout = Files.readString(out, StandardCharsets.ISO_8859_1);
                String stderr = Files.readString(err, StandardCharsets.ISO_8859_1);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
                CommandResult result = new CommandResult(command, timedOut ? -1 : process.exitValue(),
                        stdout, stderr, elapsed, timedOut);
                System.out.printf("[e2e] %s: %s s%s%n", summary(command), result.seconds(),
                        timedOut ? " (TIMED OUT)" : " (exit " + result.exitCode() + ")");
                return result;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String summary(List<String> command) {
        String line = String.join(" ", command);
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }
}
