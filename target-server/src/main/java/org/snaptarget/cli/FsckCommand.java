package org.snaptarget.cli;

import org.snaptarget.config.PoolSpec;
import org.snaptarget.config.SnapTargetConfig;
import org.snaptarget.store.CheckReport;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.io.StoreFileSystem;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.engine.EngineOptions;
import org.snaptarget.store.engine.PoolEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code snaptarget fsck --config FILE POOL}: the offline consistency check of one pool. It runs
 * only while the server is stopped — it refuses when the data directory's lock is held (a running
 * {@code serve} holds it, {@link DataDirLock}) or when something answers at {@code admin.listen} —
 * then opens the pool's origin and store read-only ({@link StoreFileSystem#localReadOnly()}, the engine in its
 * read-only mode), runs the store's invariant checker ({@link Pool#check()}) and prints every
 * problem. A pool that cannot even be opened because its metadata is damaged (no valid
 * superblock, a block referenced twice) counts as a problem, reported the same way.
 *
 * <p>Exit codes: 0 clean; 1 problems found; 2 bad arguments, invalid configuration, unknown pool or
 * missing pool files; 4 the server is running.
 */
@Command(name = "fsck", mixinStandardHelpOptions = true,
        description = "Check one pool's store offline (the server must be stopped); exit 0 clean, 1 problems.")
public final class FsckCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The server's configuration file.")
    Path configFile;

    @Parameters(index = "0", paramLabel = "POOL", description = "The pool to check.")
    String poolName;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            return check(out);
        } catch (ClientFailure failure) {
            out.flush();
            return failure.report(spec.commandLine().getErr());
        } finally {
            out.flush();
        }
    }

    private int check(PrintWriter out) throws ClientFailure {
        SnapTargetConfig config = AdminEndpoint.fromConfig(configFile).config();
        PoolSpec poolSpec = config.pool(poolName).orElseThrow(() -> new ClientFailure(ExitCodes.USAGE, "no pool '" + poolName
                + "' in " + configFile + " (pools: " + config.pools().stream().map(PoolSpec::name)
                .collect(Collectors.joining(", ")) + ")"));
        for (Path file : new Path[] {poolSpec.store().path(), poolSpec.origin().path()}) {
            if (!Files.exists(file)) {
                throw new ClientFailure(ExitCodes.USAGE, "pool " + poolName + ": " + file
                        + " does not exist (the server creates it on its first start)");
            }
        }
        refuseIfEndpointAnswers(config);
        try (DataDirLock lock = DataDirLock.acquire(config.dataDir(), "fsck")) {
            return checkPool(poolSpec, out);
        } catch (IOException e) {
            throw new ClientFailure(ExitCodes.USAGE, "cannot lock the data directory " + config.dataDir() + ": "
                    + e.getMessage(), e);
        } catch (ClientFailure running) {
            throw new ClientFailure(running.exitCode(), running.getMessage() + "; stop the server before fsck");
        }
    }

    private int checkPool(PoolSpec spec, PrintWriter out) {
        PoolConfig config = new PoolConfig(spec.origin().path(), spec.origin().size().bytes(), spec.store().path(),
                spec.store().size().bytes(), Math.toIntExact(spec.chunkSize().bytes()), StoreFileSystem.localReadOnly());
        Pool pool;
        try {
            pool = PoolEngine.open(config, EngineOptions.defaults().asReadOnly());
        } catch (StoreException.InvalidRequest e) {
            out.println("pool " + poolName + ": does not match " + configFile + ": " + e.getMessage());
            out.println("pool " + poolName + ": 1 problem");
            return ExitCodes.REFUSED;
        } catch (StoreException e) {
            out.println("pool " + poolName + ": cannot be opened: " + e.getMessage());
            out.println("pool " + poolName + ": 1 problem");
            return ExitCodes.REFUSED;
        }
        try (pool) {
            CheckReport report = pool.check();
            for (String problem : report.problems()) {
                out.println("pool " + poolName + ": " + problem);
            }
            String counts = report.nodes() + " tree nodes, " + report.entries() + " exception entries, "
                    + pool.snapshots().size() + " snapshots";
            if (report.clean()) {
                out.println("pool " + poolName + ": clean (" + counts + ")");
                return ExitCodes.OK;
            }
            int n = report.problems().size();
            out.println("pool " + poolName + ": " + n + (n == 1 ? " problem" : " problems") + " (" + counts + ")");
            return ExitCodes.REFUSED;
        } catch (StoreException e) {
            out.println("pool " + poolName + ": checking failed: " + e.getMessage());
            out.println("pool " + poolName + ": 1 problem");
            return ExitCodes.REFUSED;
        }
    }

    /** A server started without the lock (or on another machine sharing the files) still answers here. */
    private void refuseIfEndpointAnswers(SnapTargetConfig config) throws ClientFailure {
        var listen = config.admin().listen();
        if (listen.port() == 0) {
            return;
        }
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(listen.host(), listen.port()), 500);
        } catch (IOException e) {
            return;
        }
        throw new ClientFailure(ExitCodes.SERVER_RUNNING, "the server is running (its admin endpoint answers at "
                + listen + "); stop it before fsck");
    }
}
