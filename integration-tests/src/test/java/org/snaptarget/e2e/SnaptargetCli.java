package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.snaptarget.e2e.harness.ChildProcesses;
import org.snaptarget.e2e.harness.CommandResult;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.ExternalCommand;

/**
 * The {@code snaptarget} client commands run as an administrator runs them: the repository's
 * {@code ./snaptarget} launcher, one process per command, with {@code --config FILE}
 * (target-server/ADMIN-API.md, "Client commands"). The launcher is pointed at this JVM's JDK
 * ({@code JAVA_HOME}) and the jar under test ({@code SNAPTARGET_JAR}), and chooses the JVM flags
 * and class-data-sharing archive itself, exactly as for a user.
 *
 * <p>{@link #ok} fails the test on a non-zero exit; {@link #attempt} returns the result whatever
 * the exit code, for refusals; {@link #timed} runs a command quietly and reports when it started
 * and ended, for bulk use from several threads.
 */
final class SnaptargetCli {

    private static final long LIMIT_SECONDS = 150;
    private static final Duration LIMIT = Duration.ofSeconds(LIMIT_SECONDS);

    private final Path config;

    SnaptargetCli(Path config) {
        this.config = config;
    }

    /** One quiet run: exit code, output, and its start and end on {@link System#nanoTime()}. */
    record Timed(int exitCode, String stdout, String stderr, long startNanos, long endNanos) {
        boolean succeeded() {
            return exitCode == 0;
        }

        long nanos() {
            return endNanos - startNanos;
        }
    }

    /** The command line for {@code args}: the launcher, the arguments, then {@code --config FILE}. */
    List<String> commandLine(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(E2eEnvironment.repoRoot().resolve("snaptarget").toString());
        cmd.addAll(List.of(args));
        cmd.add("--config");
        cmd.add(config.toString());
        return cmd;
    }

    CommandResult attempt(String... args) {
        return ExternalCommand.of(commandLine(args)).env("JAVA_HOME", javaHome())
                .env("SNAPTARGET_JAR", E2eEnvironment.serverJar().toString()).timeout(LIMIT).run();
    }

    CommandResult ok(String... args) {
        CommandResult result = attempt(args);
        if (!result.succeeded()) {
            fail("snaptarget " + String.join(" ", args) + " failed: " + result.describe());
        }
        return result;
    }

    /**
     * Runs the command without logging it; start is taken just before the process is created, end
     * just after it has exited, so the command's whole effect lies between them. A command still
     * running after {@value #LIMIT_SECONDS} s is killed and reported with exit code -1.
     */
    Timed timed(String... args) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("snaptarget-cli-out-", ".txt");
            err = Files.createTempFile("snaptarget-cli-err-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(commandLine(args)).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().put("JAVA_HOME", javaHome());
            builder.environment().put("SNAPTARGET_JAR", E2eEnvironment.serverJar().toString());
            long start = System.nanoTime();
            Process process = builder.start();
            ChildProcesses.register(process);
            boolean ended = process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            long end = System.nanoTime();
            return new Timed(ended ? process.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), start, end);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + commandLine(args), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + commandLine(args), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** The JDK running this test, for the launcher's {@code JAVA_HOME}. */
    static String javaHome() {
        return Path.of(ConfiguredServer.javaBinary()).toAbsolutePath().getParent().getParent().toString();
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file left in /tmp harms nothing
            }
        }
    }
}
