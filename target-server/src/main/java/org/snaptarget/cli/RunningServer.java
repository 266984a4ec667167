package org.snaptarget.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snaptarget.admin.AdminServer;
import org.snaptarget.config.SnapTargetConfig;
import org.snaptarget.server.runtime.ServerRuntime;
import org.snaptarget.server.runtime.StartupException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One started server, as {@code snaptarget serve} runs it: the data directory's lock
 * ({@link DataDirLock}), the store-backed runtime ({@link ServerRuntime}) and its admin endpoint
 * ({@link AdminServer}) on {@code admin.listen}.
 *
 * <p>Invariants: the lock is taken before any pool file is opened and released after every pool
 * is closed; the admin endpoint exists only while the runtime does (it starts after and stops
 * before it), so no admin request ever reaches a closed runtime. {@link #close()} undoes
 * everything in reverse order, and a failed start leaves nothing behind.
 */
final class RunningServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunningServer.class);

    private final DataDirLock lock;
    private final ServerRuntime runtime;
    private final AdminServer admin;

    private RunningServer(DataDirLock lock, ServerRuntime runtime, AdminServer admin) {
        this.lock = lock;
        this.runtime = runtime;
        this.admin = admin;
    }

    /**
     * Starts the server of {@code config}.
     *
     * @param configFile    the file it was loaded from (for positions in messages), or {@code null}
     * @param adminRequired whether failing to start the admin endpoint fails the start; when not, it
     *                      is logged and the server runs without one
     * @throws ClientFailure    {@link ExitCodes#SERVER_RUNNING} when another server holds the data directory
     * @throws StartupException listing what kept the runtime from starting
     * @throws IOException      when the lock or a required admin endpoint cannot be set up
     */
    static RunningServer start(SnapTargetConfig config, Path configFile, boolean adminRequired)
            throws ClientFailure, StartupException, IOException {
        DataDirLock lock = DataDirLock.acquire(config.dataDir(), "serve");
        ServerRuntime runtime = null;
        try {
            runtime = ServerRuntime.start(config, configFile);
            AdminServer admin = null;
            try {
                admin = AdminServer.start(config.admin().listen(), config.dataDir(), runtime);
            } catch (IOException | IllegalArgumentException e) {
                if (adminRequired) {
                    throw e;
                }
                log.warn("running without an admin endpoint: {}", e.getMessage());
            }
            return new RunningServer(lock, runtime, admin);
        } catch (StartupException | IOException | RuntimeException e) {
            if (runtime != null) {
                runtime.close();
            }
            lock.close();
            throw e;
        }
    }

    ServerRuntime runtime() {
        return runtime;
    }

    Optional<AdminServer> admin() {
        return Optional.ofNullable(admin);
    }

    @Override
    public void close() throws IOException {
        try {
            if (admin != null) {
                admin.close();
            }
        } finally {
            try {
                runtime.close();
            } finally {
                lock.close();
            }
        }
    }
}
