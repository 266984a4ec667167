package org.snaptarget.e2e.harness;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * SnapTarget's server jar run as a child process:
 * {@code java -jar snaptarget.jar serve --portal 127.0.0.1:PORT --data-dir DIR --size SIZE ...},
 * with the same java binary that runs the tests. It is ready when its log shows
 * {@code SnapTarget ready}; it is stopped with SIGTERM (it must exit cleanly) and, failing that
 * within the grace period, killed by PID. It runs with Netty's leak detector at PARANOID, and
 * {@link #close()} fails if any of its logs reports a leak. The server exports only an existing LUN with
 * {@code --read-only}, so a read-only spec first starts it once read-write to create the LUN. Its combined stdout/stderr is kept in a log file under
 * the test's scratch directory, one file per start.
 */
public final class SnapTargetProcess implements TargetUnderTest {

    private static final String READY = "SnapTarget ready";
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(15);

    private final TargetSpec spec;
    private final Path dir;
    private final int port;
    private final Duration stopGrace;
    private Process process;
    private Path log;
    private int starts;
    private Integer lastExitCode;

    private SnapTargetProcess(TargetSpec spec, Path dir, int port, Duration stopGrace) {
        this.spec = spec;
        this.dir = dir;
        this.port = port;
        this.stopGrace = stopGrace;
    }

    public static SnapTargetProcess start(TargetSpec spec, Path dir) {
        return start(spec, dir, DEFAULT_STOP_GRACE);
    }

    /** As {@link #start(TargetSpec, Path)}, waiting {@code stopGrace} after SIGTERM before killing. */
    static SnapTargetProcess start(TargetSpec spec, Path dir, Duration stopGrace) {
        Path jar = E2eEnvironment.serverJar();
        if (!Files.isRegularFile(jar)) {
            fail("SnapTarget server jar not found at " + jar
                 + ": build it through the reactor (mvn -B verify at the repository root packages it)");
        }
        SnapTargetProcess target = new SnapTargetProcess(spec, dir, FreePort.pick(), stopGrace);
        if (spec.readOnly()) {
            // The server exports only an existing LUN read-only: create it with one read-write start.
            target.launch(false);
            target.stopProcess();
        }
        target.launch(spec.readOnly());
        return target;
    }

    private void launch(boolean readOnly) {
        starts++;
        log = dir.resolve("snaptarget-" + starts + ".log");
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED",
                "-Dio.netty.leakDetection.level=paranoid", "-jar", E2eEnvironment.serverJar().toString(),
                "serve", "--portal", "127.0.0.1:" + port,
                "--data-dir", dir.resolve("data").toString(),
                "--size", Long.toString(spec.sizeBytes())));
        spec.chap().ifPresent(c -> cmd.addAll(List.of("--chap-user", c.user(), "--chap-secret", c.secret())));
        spec.targetChap().ifPresent(c -> cmd.addAll(
                List.of("--mutual-chap-user", c.user(), "--mutual-chap-secret", c.secret())));
        if (readOnly) {
            cmd.add("--read-only");
        }
        long begin = System.nanoTime();
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
        ChildProcesses.register(process);
        awaitReady(cmd);
        System.out.printf("[e2e] SnapTarget pid %d ready on 127.0.0.1:%d in %.2f s (log %s)%n",
                process.pid(), port, (System.nanoTime() - begin) / 1e9, log);
    }

    private void awaitReady(List<String> cmd) {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (logContains(READY)) {
                return;
            }
            if (!process.isAlive()) {
                fail("SnapTarget exited with status " + process.exitValue() + " before printing '" + READY
                     + "'\ncommand: " + String.join(" ", cmd) + "\n--- log tail ---\n" + logTail(40));
            }
            Sleep.millis(50);
        }
        stopProcess();
        fail("SnapTarget did not print '" + READY + "' within " + START_LIMIT.toSeconds() + " s\ncommand: "
             + String.join(" ", cmd) + "\n--- log tail ---\n" + logTail(40));
    }

    private boolean logContains(String needle) {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1).contains(needle);
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    @Override
    public String name() {
        return "SnapTarget";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public int lun() {
        return 0;
    }

    @Override
    public TargetSpec spec() {
        return spec;
    }

    @Override
    public Set<String> knownIscsiSuiteFailures() {
        return Set.of();
    }

    /** The exit status of the last stop, or null while running / if it had to be killed. */
    public Integer lastExitCode() {
        return lastExitCode;
    }

    @Override
    public void restart() {
        stopProcess();
        launch(spec.readOnly());
    }

    @Override
    public String logTail(int lines) {
        return log == null ? "(no log)" : Text.tail(log, lines);
    }

    @Override
    public void close() {
        stopProcess();
        List<String> leaks = leakReports();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty's leak detector (paranoid) reported " + leaks.size()
                                     + " leak(s) in the SnapTarget log:\n" + String.join("\n", leaks));
        }
    }

    /** The "LEAK:" lines Netty's leak detector wrote to every log of this target so far. */
    public List<String> leakReports() {
        List<String> leaks = new ArrayList<>();
        for (int i = 1; i <= starts; i++) {
            try {
                Files.readAllLines(dir.resolve("snaptarget-" + i + ".log"), StandardCharsets.ISO_8859_1).stream()
                        .filter(l -> l.contains("LEAK:")).forEach(leaks::add);
            } catch (IOException e) {
                leaks.add("(cannot read log " + i + ": " + e + ")");
            }
        }
        return leaks;
    }

    private void stopProcess() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();  // SIGTERM: the server must shut down cleanly
        try {
            if (process.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                lastExitCode = process.exitValue();
                System.out.printf("[e2e] SnapTarget pid %d exited %d on SIGTERM%n", process.pid(), lastExitCode);
            } else {
                lastExitCode = null;
                System.out.printf("[e2e] SnapTarget pid %d ignored SIGTERM for %d s: killing it%n",
                        process.pid(), stopGrace.toSeconds());
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
