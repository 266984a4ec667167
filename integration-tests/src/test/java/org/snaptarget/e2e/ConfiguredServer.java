package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.snaptarget.e2e.harness.ChildProcesses;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.FreePort;
import org.snaptarget.e2e.harness.IscsiUrl;

/**
 * SnapTarget started the way an administrator starts it: {@code java -jar snaptarget.jar serve
 * --config FILE}, with a YAML file (config/README.md, DESIGN.md §4) naming one pool {@value #POOL}
 * (origin and exception store as files in a scratch data directory), one target {@value #IQN} with
 * the pool's origin as LUN 0, an iSCSI portal and the admin endpoint on free loopback ports.
 *
 * <p>Invariants: the ports and the configuration file stay the same across {@link #restart()} and
 * {@link #killAndRestart()}, so everything the server persisted in its data directory is what the
 * next start sees. It is ready when its log shows "SnapTarget ready". One log file per start.
 */
final class ConfiguredServer implements AutoCloseable {

    static final String POOL = "p1";
    static final String IQN = "iqn.2026-11.org.snaptarget:e2esnap";
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Path dir;
    private final Path config;
    private final int port;
    private final int adminPort;
    private Process process;
    private Path log;
    private int starts;
    private Integer lastExitCode;
    private boolean stoppedCleanly;

    private ConfiguredServer(Path dir, Path config, int port, int adminPort) {
        this.dir = dir;
        this.config = config;
        this.port = port;
        this.adminPort = adminPort;
    }

    /** Writes the configuration into {@code dir} and starts the server on it. */
    static ConfiguredServer start(Path dir, String originSize, String storeSize, String chunkSize) {
        int port = FreePort.pick();
        int adminPort = FreePort.pick();
        String yaml = """
                dataDir: %s
                portals: ["127.0.0.1:%d"]
                admin: { listen: "127.0.0.1:%d" }
                pools:
                  - name: %s
                    origin: { path: %s.origin, size: %s }
                    store: { path: %s.store, size: %s }
                    chunkSize: %s
                targets:
                  - iqn: %s
                    luns:
                      - { lun: 0, pool: %s }
                """.formatted(dir.resolve("data"), port, adminPort, POOL, POOL, originSize, POOL, storeSize,
                chunkSize, IQN, POOL);
        Path config = dir.resolve("snaptarget.yaml");
        try {
            Files.writeString(config, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ConfiguredServer server = new ConfiguredServer(dir, config, port, adminPort);
        server.launch();
        return server;
    }

    Path config() {
        return config;
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    int port() {
        return port;
    }

    int adminPort() {
        return adminPort;
    }

    IscsiUrl url(int lun) {
        return IscsiUrl.of("127.0.0.1", port, IQN, lun);
    }

    /**
     * True when the last SIGTERM ended the server by itself with the JVM's status for it (143 =
     * 128 + SIGTERM, after the shutdown hooks ran) and its log shows the orderly shutdown.
     */
    boolean stoppedCleanly() {
        return stoppedCleanly;
    }

    /** The exit status of the last SIGTERM stop, or null if it had to be killed. */
    Integer lastExitCode() {
        return lastExitCode;
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    private void launch() {
        starts++;
        log = dir.resolve("snaptarget-" + starts + ".log");
        List<String> cmd = List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED", "-jar",
                E2eEnvironment.serverJar().toString(), "serve", "--config", config.toString());
        long begin = System.nanoTime();
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
        ChildProcesses.register(process);
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (!logText().contains("SnapTarget ready")) {
            if (!process.isAlive()) {
                fail("SnapTarget exited " + process.exitValue() + " before it was ready\n" + logTail(40));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                fail("SnapTarget not ready within " + START_LIMIT.toSeconds() + " s\n" + logTail(40));
            }
            pause();
        }
        System.out.printf("[e2e-snap] SnapTarget pid %d ready (start %d) in %.2f s, portal %d admin %d%n",
                process.pid(), starts, (System.nanoTime() - begin) / 1e9, port, adminPort);
    }

    /** SIGTERM, which must end the server with status 0, then a new start on the same files. */
    void restart() {
        stop();
        launch();
    }

    /** SIGKILL (no shutdown of any kind), then a new start on the same files. */
    void killAndRestart() {
        kill();
        launch();
    }

    /** SIGKILL now, waiting for the process to be gone. */
    void kill() {
        if (!running()) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lastExitCode = null;
        stoppedCleanly = false;
        System.out.printf("[e2e-snap] SnapTarget pid %d killed with SIGKILL%n", process.pid());
    }

    /** SIGTERM and wait; killed by PID if still alive after the grace period. */
    void stop() {
        if (!running()) {
            return;
        }
        process.destroy();
        try {
            if (process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                lastExitCode = process.exitValue();
                stoppedCleanly = lastExitCode == 143 && logText().contains("SnapTarget stopped");
                System.out.printf("[e2e-snap] SnapTarget pid %d exited %d on SIGTERM%n", process.pid(), lastExitCode);
            } else {
                lastExitCode = null;
                stoppedCleanly = false;
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                System.out.printf("[e2e-snap] SnapTarget pid %d ignored SIGTERM: killed%n", process.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    String logTail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private String logText() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for SnapTarget to start", e);
        }
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    @Override
    public void close() {
        stop();
    }
}
