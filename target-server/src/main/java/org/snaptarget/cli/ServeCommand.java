package org.snaptarget.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snaptarget.iscsi.login.ChapSecret;
import org.snaptarget.iscsi.login.Portal;
import org.snaptarget.iscsi.login.TargetLimits;
import org.snaptarget.iscsi.session.KeepAliveSettings;
import org.snaptarget.lun.FileBlockDevice;
import org.snaptarget.scsi.LogicalUnitTable;
import org.snaptarget.scsi.StorageExecutor;
import org.snaptarget.server.PortalAddress;
import org.snaptarget.server.TargetDefinition;
import org.snaptarget.server.TargetServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@code snaptarget serve}: runs the iSCSI target with the embedded default configuration — one
 * target {@value #DEFAULT_TARGET} whose LUN 0 is a sparse file {@code <data-dir>/default.img} —
 * until SIGINT or SIGTERM, then shuts down cleanly (listeners and connections closed, storage
 * executor drained, device flushed and closed). Prints "SnapTarget ready: portal … target …" once
 * it accepts logins; scripts wait for that line.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the iSCSI target (embedded default: one target, LUN 0 = a sparse file).")
public final class ServeCommand implements Callable<Integer> {

    public static final String DEFAULT_TARGET = "iqn.2026-11.org.snaptarget:default";
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--portal", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:3260",
            description = "Listen address (repeatable; default ${DEFAULT-VALUE}).")
    List<String> portals;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./snaptarget-data",
            description = "Directory for the LUN file (default ${DEFAULT-VALUE}).")
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

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
            description = "Network event loops (0: automatic).")
    int ioThreads;

    @Option(names = "--storage-threads", paramLabel = "N", defaultValue = "0",
            description = "Storage executor threads (0: automatic).")
    int storageThreads;

    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile List<Portal> boundPortals;

    @Override
    public Integer call() throws Exception {
        List<PortalAddress> addresses = portals.stream().map(PortalAddress::parse).collect(Collectors.toList());
        long bytes = ByteSize.parse(size).bytes();
        Optional<ChapSecret> chap = pair("--chap-user", chapUser, "--chap-secret", chapSecret);
        Optional<ChapSecret> mutual = pair("--mutual-chap-user", mutualChapUser, "--mutual-chap-secret",
                mutualChapSecret);
        if (mutual.isPresent() && chap.isEmpty()) {
            throw new IllegalArgumentException("mutual CHAP needs --chap-user and --chap-secret as well");
        }
        Files.createDirectories(dataDir);
        Path image = dataDir.resolve("default.img");
        FileBlockDevice device = new FileBlockDevice(image, bytes, 512, readOnly);
        StorageExecutor storage = storageThreads > 0
                ? new StorageExecutor(storageThreads, StorageExecutor.DEFAULT_QUEUE) : new StorageExecutor();
        LogicalUnitTable units = new LogicalUnitTable(Map.of(0L, device), storage);
        TargetServer server;
        try {
            server = TargetServer.start(addresses, List.of(new TargetDefinition(targetName, "", chap, mutual,
                    Set.copyOf(initiators), units)), TargetLimits.defaults(), KeepAliveSettings.defaults(), ioThreads);
        } catch (Exception e) {
            storage.close();
            device.close();
            throw e;
        }
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
        boundPortals = server.portals();
        for (Portal p : server.portals()) {
            log.info("SnapTarget ready: portal {}:{} target {}", p.host(), p.port(), targetName);
        }
        log.info("LUN 0: {} ({}, {}{}), transport {}", image, new ByteSize(bytes),
                readOnly ? "read-only" : "read-write", chap.isPresent() ? ", CHAP" : "", server.transport());
        stopping.await();
        log.info("SnapTarget shutting down");
        try {
            server.close();
            storage.close();
            device.flush();
            device.close();
        } finally {
            log.info("SnapTarget stopped");
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook itself started the shutdown; it ends now that stopped is counted down
            }
        }
        return 0;
    }

    /** Asks a running {@code serve} to shut down as on SIGTERM (tests; signals use the shutdown hook). */
    void stop() {
        stopping.countDown();
    }

    /** The portals as bound once the server is ready, else {@code null}. */
    List<Portal> boundPortals() {
        return boundPortals;
    }

    private static Optional<ChapSecret> pair(String userFlag, String user, String secretFlag, String secret) {
        if (user == null && secret == null) {
            return Optional.empty();
        }
        if (user == null || secret == null) {
            throw new IllegalArgumentException(userFlag + " and " + secretFlag + " go together");
        }
        return Optional.of(new ChapSecret(user, secret));
    }
}
