package org.snaptarget.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snaptarget.admin.AdminServer;
import org.snaptarget.config.ChapSpec;
import org.snaptarget.config.ConfigLoader;
import org.snaptarget.config.ConfigResult;
import org.snaptarget.config.SnapTargetConfig;
import org.snaptarget.iscsi.login.Portal;
import org.snaptarget.server.runtime.EmbeddedDefault;
import org.snaptarget.server.runtime.ServerRuntime;
import org.snaptarget.server.runtime.StartupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code snaptarget serve}: runs the store-backed iSCSI target ({@link ServerRuntime}) and its admin
 * endpoint ({@link AdminServer}) until SIGINT or SIGTERM, then shuts down cleanly (admin endpoint,
 * listeners and connections, pools committed and closed, data directory unlocked).
 *
 * <p>With {@code --config FILE} the whole server comes from that YAML file (DESIGN.md §4); the
 * embedded-default flags may not be combined with it. Without it, the embedded default
 * ({@link EmbeddedDefault}): pool {@code default} whose origin is LUN 0 of target {@value #DEFAULT_TARGET},
 * adjusted by {@code --portal}, {@code --data-dir}, {@code --size}, {@code --target}, CHAP,
 * {@code --initiator} and {@code --read-only}; its admin endpoint is best effort (a busy
 * {@code 127.0.0.1:3280} is logged, not fatal, so several default servers can run side by side).
 *
 * <p>The data directory is locked ({@link DataDirLock}) for the server's life: a second server or an
 * offline {@code fsck} on the same directory is refused. Prints "SnapTarget ready: portal … target …"
 * once it accepts logins; scripts wait for that line.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the iSCSI target: from --config FILE, or the embedded default (one pool, LUN 0 = its origin).")
public final class ServeCommand implements Callable<Integer> {

    public static final String DEFAULT_TARGET = EmbeddedDefault.TARGET;
    private static final List<String> DEFAULT_FLAGS = List.of("--portal", "--data-dir", "--size", "--target",
            "--chap-user", "--chap-secret", "--mutual-chap-user", "--mutual-chap-secret", "--initiator", "--read-only");

    @Option(names = "--config", paramLabel = "FILE",
            description = "Serve the pools, targets and LUNs of this YAML file (see check-config).")
    Path configFile;

    @Option(names = "--portal", paramLabel = "HOST:PORT", defaultValue = EmbeddedDefault.PORTAL,
            description = "Listen address (repeatable; default ${DEFAULT-VALUE}).")
    List<String> portals;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./snaptarget-data",
            description = "Directory for the pool files and state (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1GiB",
            description = "Size of the default LUN, e.g. 1GiB, 512MiB (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--target", paramLabel = "IQN", defaultValue = DEFAULT_TARGET,
            description = "Target name (default ${DEFAULT-VALUE}).")
    String targetName;

    @Option(names = "--chap-user", paramLabel = "USER", description = "Require one-way CHAP with this user name.")
    String chapUser;

    @Option(names = "--chap-secret", paramLabel = "SECRET", description = "The initiator's CHAP secret.")
    String chapSecret;

    @Option(names = "--mutual-chap-user", paramLabel = "USER", description = "Mutual CHAP: the target's user name.")
    String mutualChapUser;

    @Option(names = "--mutual-chap-secret", paramLabel = "SECRET", description = "Mutual CHAP: the target's secret.")
    String mutualChapSecret;

    @Option(names = "--initiator", paramLabel = "IQN",
            description = "Admit only these initiator names (repeatable; default: everyone).")
    List<String> initiators = List.of();

    @Option(names = "--read-only", description = "Export the default LUN read-only.")
    boolean readOnly;

    @Spec
    CommandSpec spec;

    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile List<Portal> boundPortals;

    @Override
    public Integer call() throws Exception {
        SnapTargetConfig config;
        RunningServer server;
        try {
            config = configFile != null ? fromFile() : embeddedDefault();
            server = RunningServer.start(config, configFile, configFile != null);
        } catch (ClientFailure failure) {
            return failure.report(spec.commandLine().getErr());
        } catch (StartupException e) {
            PrintWriter err = spec.commandLine().getErr();
            e.problems().forEach(p -> err.println("snaptarget: " + p));
            err.flush();
            return ExitCodes.REFUSED;
        } catch (IOException e) {
            return new ClientFailure(ExitCodes.REFUSED, "cannot start: " + e.getMessage(), e)
                    .report(spec.commandLine().getErr());
        }
        serveUntilSignalled(config, server);
        return ExitCodes.OK;
    }

    private SnapTargetConfig fromFile() throws ClientFailure {
        for (String flag : DEFAULT_FLAGS) {
            if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                throw new ParameterException(spec.commandLine(), flag + " configures the embedded default; with --config"
                        + " the file says everything (remove " + flag + " or --config)");
            }
        }
        ConfigResult result;
        try {
            result = ConfigLoader.load(configFile);
        } catch (NoSuchFileException e) {
            throw new ClientFailure(ExitCodes.USAGE, "cannot read " + configFile + ": no such file");
        } catch (IOException e) {
            throw new ClientFailure(ExitCodes.USAGE, "cannot read " + configFile + ": " + e.getMessage());
        }
        if (!result.isValid()) {
            PrintWriter err = spec.commandLine().getErr();
            result.errors().forEach(err::println);
            int n = result.errors().size();
            throw new ClientFailure(ExitCodes.USAGE, configFile + ": " + n + (n == 1 ? " error" : " errors")
                    + "; nothing started");
        }
        return result.orThrow();
    }

    private SnapTargetConfig embeddedDefault() {
        try {
            Optional<ChapSpec> chap = pair("--chap-user", chapUser, "--chap-secret", chapSecret);
            Optional<ChapSpec> mutual = pair("--mutual-chap-user", mutualChapUser, "--mutual-chap-secret",
                    mutualChapSecret);
            return EmbeddedDefault.config(new EmbeddedDefault.Options(dataDir, portals, ByteSize.parse(size).bytes(),
                    targetName, chap, mutual, initiators, readOnly));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Asks a running {@code serve} to shut down as on SIGTERM (tests; signals use the shutdown hook). */
    void stop() {
        stopping.countDown();
    }

    /** The portals as bound once the server is ready, else {@code null}. */
    List<Portal> boundPortals() {
        return boundPortals;
    }

    /**
     * Serves until SIGINT/SIGTERM or {@link #stop()}. The shutdown hook waits until the admin
     * endpoint and the runtime are closed (pools committed), so the JVM never exits under a
     * half-closed store; after a stop by {@link #stop()} the hook is removed again.
     *
     * <p>The logger is taken here, not in a static field: picocli instantiates every subcommand to
     * parse any command line, and a static logger would start logback (some 100 ms and 650
     * classes) for every client command too.
     */
    private void serveUntilSignalled(SnapTargetConfig config, RunningServer server) throws Exception {
        Logger log = LoggerFactory.getLogger(ServeCommand.class);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopping.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "snaptarget-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (server) {
            String targets = String.join(", ", config.targets().stream().map(t -> t.iqn().toString()).toList());
            boundPortals = server.runtime().portals();
            for (Portal p : boundPortals) {
                log.info("SnapTarget ready: portal {}:{} target {}", p.host(), p.port(), targets);
            }
            server.admin().ifPresent(a -> log.info("admin endpoint http://{} (token in {})", a.hostPort(),
                    a.tokenFile()));
            stopping.await();
            log.info("SnapTarget shutting down");
        } finally {
            log.info("SnapTarget stopped");
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook itself started the shutdown; it ends now that stopped is counted down
            }
        }
    }

    private static Optional<ChapSpec> pair(String userFlag, String user, String secretFlag, String secret) {
        if (user == null && secret == null) {
            return Optional.empty();
        }
        if (user == null || secret == null) {
            throw new IllegalArgumentException(userFlag + " and " + secretFlag + " go together");
        }
        return Optional.of(new ChapSpec(user, secret));
    }
}
