package org.snaptarget.server.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snaptarget.admin.AdminException;
import org.snaptarget.admin.AdminException.Kind;
import org.snaptarget.admin.AdminOperations;
import org.snaptarget.admin.LunView;
import org.snaptarget.admin.SnapshotView;
import org.snaptarget.admin.StatusView;
import org.snaptarget.config.ChapSpec;
import org.snaptarget.config.ConfigError;
import org.snaptarget.config.ConfigLoader;
import org.snaptarget.config.ConfigResult;
import org.snaptarget.config.HostPort;
import org.snaptarget.config.KnownSnapshots;
import org.snaptarget.config.LunSpec;
import org.snaptarget.config.NameRules;
import org.snaptarget.config.PoolSpec;
import org.snaptarget.config.SnapTargetConfig;
import org.snaptarget.config.TargetSpec;
import org.snaptarget.iscsi.login.ChapSecret;
import org.snaptarget.iscsi.login.Portal;
import org.snaptarget.iscsi.login.TargetLimits;
import org.snaptarget.iscsi.session.KeepAliveSettings;
import org.snaptarget.iscsi.session.SessionRegistry;
import org.snaptarget.lun.LunIdentities;
import org.snaptarget.lun.AtomicWriteJournal;
import org.snaptarget.lun.AtomicWriteJournals;
import org.snaptarget.lun.JournaledBlockDevice;
import org.snaptarget.lun.SharedVolume;
import org.snaptarget.lun.StoreBlockDevice;
import org.snaptarget.metrics.IoMetrics;
import org.snaptarget.metrics.MeteredBlockDevice;
import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.scsi.DeviceIdentity;
import org.snaptarget.scsi.LogicalUnitTable;
import org.snaptarget.scsi.StorageExecutor;
import org.snaptarget.scsi.sense.SenseReason;
import org.snaptarget.server.PortalAddress;
import org.snaptarget.server.TargetDefinition;
import org.snaptarget.server.TargetServer;
import org.snaptarget.store.SnapshotId;
import org.snaptarget.store.SnapshotInfo;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.Volume;

/**
 * The running server (issue 5): pools, targets and LUNs built from a validated
 * {@link SnapTargetConfig}, served over iSCSI by a {@link TargetServer}, and changed live through
 * {@link AdminOperations} (the admin endpoint's contract).
 *
 * <p>Start ({@link #start}): opens or formats every pool ({@link PoolRuntime#open}), reads the
 * run-time changes ({@link RuntimeState}, {@code <dataDir>/runtime-state.json}) and the LUN
 * identities ({@link LunIdentities}, {@code <dataDir>/identities.json}), checks that every LUN's
 * snapshot exists (configuration LUNs are re-validated with {@link KnownSnapshots}, so a missing
 * one is reported at its file:line:column), builds each target's {@link LogicalUnitTable} of
 * {@link StoreBlockDevice}s, binds the portals and starts the snapshot schedules.
 *
 * <p>Invariants, all kept under {@link #adminLock} (one administrative change at a time; I/O
 * never takes it):
 * <ul>
 *   <li>an exported snapshot is never deleted: {@link #deleteSnapshot} refuses with
 *       {@link Kind#CONFLICT} naming every {@code TARGET/LUN} exporting it;</li>
 *   <li>the state file always describes the exports: a change is applied, then persisted, and
 *       undone when persisting fails;</li>
 *   <li>every snapshot create runs inside the pool's {@link org.snaptarget.lun.SnapshotBarrier}, so
 *       it is a consistent point in time under load.</li>
 * </ul>
 * LUNs coming and going raise REPORTED LUNS DATA HAS CHANGED (3Fh/0Eh) through the LU table;
 * passing a pool's soft threshold raises THIN PROVISIONING SOFT THRESHOLD REACHED (06h/38h/07h) on
 * every LUN of that pool; a virtual thread samples the usage of written pools every
 * {@value #USAGE_SAMPLE_MILLIS} ms (see {@link PoolRuntime}).
 *
 * <p>Persistent reservations with APTPL live in {@code <dataDir>/reservations/}, one file per
 * exported LUN, named after the device's NAA designator, the target and the LUN number.
 */
public final class ServerRuntime implements AdminOperations, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServerRuntime.class);
    /** How often written pools have their usage sampled for the soft threshold. */
    static final long USAGE_SAMPLE_MILLIS = 1_000;

    private final SnapTargetConfig config;
    private final Path stateFile;
    private final Path reservationsDir;
    private final AtomicWriteJournals journals;
    private final Map<String, PoolRuntime> pools = new LinkedHashMap<>();
    /** By canonical (lower-case) target name. */
    private final Map<String, TargetRuntime> targets = new LinkedHashMap<>();
    private final LunIdentities identities;
    private final StorageExecutor storage;
    private final SnapshotScheduler scheduler;
    /** Serialises administrative changes; guards {@link #state}. */
    private final Object adminLock = new Object();
    private RuntimeState state;
    private TargetServer server;
    private Thread usageMonitor;
    private volatile boolean closed;

    private ServerRuntime(SnapTargetConfig config, Clock clock) throws IOException {
        this.config = config;
        Files.createDirectories(config.dataDir());
        this.stateFile = config.dataDir().resolve(RuntimeState.FILE_NAME);
        this.reservationsDir = config.dataDir().resolve("reservations");
        Files.createDirectories(reservationsDir);
        this.journals = new AtomicWriteJournals(config.dataDir().resolve("atomic"));
        this.identities = LunIdentities.load(config.dataDir());
        this.state = RuntimeState.load(stateFile);
        this.storage = new StorageExecutor();
        this.scheduler = new SnapshotScheduler(config.pools(), clock, new ScheduleActions());
    }

    /**
     * Starts the server of {@code config}, with the system clock for schedules.
     *
     * @param configFile the file {@code config} was loaded from, re-validated once the pools are open
     *                   so that missing snapshots are reported at their position; {@code null} for a
     *                   configuration built in code (the embedded default)
     * @throws StartupException listing every problem (missing snapshots, unusable pools, ports taken)
     */
    public static ServerRuntime start(SnapTargetConfig config, Path configFile) throws StartupException {
        return start(config, configFile, Clock.systemUTC());
    }

    /** As {@link #start(SnapTargetConfig, Path)}, with the clock schedules run on. */
    public static ServerRuntime start(SnapTargetConfig config, Path configFile, Clock clock) throws StartupException {
        ServerRuntime runtime;
        try {
            runtime = new ServerRuntime(config, clock);
        } catch (IOException e) {
            throw new StartupException("cannot read the state in " + config.dataDir() + ": " + e.getMessage(), e);
        }
        try {
            runtime.openPools();
            runtime.buildTargets(configFile);
            runtime.listen();
            runtime.scheduler.start();
            runtime.usageMonitor = Thread.ofVirtual().name("usage-monitor").start(runtime::monitorUsage);
            return runtime;
        } catch (StartupException e) {
            runtime.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw new StartupException("cannot start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runtime.close();
            throw new StartupException("interrupted while starting", e);
        }
    }

    private void openPools() throws StartupException {
        List<String> problems = new ArrayList<>();
        for (PoolSpec spec : config.pools()) {
            try {
                PoolRuntime pool = PoolRuntime.open(spec);
                pools.put(spec.name(), pool);
                pool.onSoftThreshold(() -> raiseSoftThreshold(spec.name()));
            } catch (IOException | StoreException e) {
                problems.add("pool " + spec.name() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new StartupException(problems);
        }
    }

    /** Exports = configuration LUNs − removed + added; every snapshot named must exist. */
    private void buildTargets(Path configFile) throws StartupException, IOException {
        checkConfigSnapshots(configFile);
        for (TargetSpec spec : config.targets()) {
            String canonical = spec.iqn().canonical();
            Map<Integer, LunSpec> luns = new TreeMap<>();
            for (LunSpec l : spec.luns()) {
                if (!state.isRemoved(canonical, l)) {
                    luns.put(l.lun(), l);
                }
            }
            for (RuntimeState.AddedLun a : state.added()) {
                if (!a.target().equals(canonical)) {
                    continue;
                }
                if (luns.containsKey(a.lun())) {
                    log.warn("target {}: LUN {} added at run time clashes with the configuration's LUN {}; the"
                            + " configuration wins", spec.iqn(), a.lun(), a.lun());
                } else if (!pools.containsKey(a.pool()) || (a.snapshot() != null
                        && pools.get(a.pool()).pool().snapshot(a.snapshot()).isEmpty())) {
                    log.warn("target {}: LUN {} added at run time names pool {} snapshot {}, which no longer"
                            + " exists; not exported", spec.iqn(), a.lun(), a.pool(), a.snapshot());
                } else {
                    luns.put(a.lun(), new LunSpec(a.lun(), a.pool(), Optional.ofNullable(a.snapshot()), a.readOnly()));
                }
            }
            LogicalUnitTable table = new LogicalUnitTable(Map.of(), storage);
            TargetRuntime target = new TargetRuntime(spec, table);
            targets.put(canonical, target);
            for (LunSpec l : luns.values()) {
                Export export = newExport(target, l.lun(), pools.get(l.pool()), l.snapshot().orElse(null), l.readOnly());
                table.addUnit(l.lun(), export.metered());
                target.put(export);
            }
        }
    }

    /** Every configuration LUN that is still exported must name an existing snapshot. */
    private void checkConfigSnapshots(Path configFile) throws StartupException, IOException {
        Map<String, Set<String>> known = new HashMap<>();
        pools.forEach((name, p) -> known.put(name, new HashSet<>(p.pool().snapshots().stream()
                .map(SnapshotInfo::name).toList())));
        List<String> problems = new ArrayList<>();
        for (TargetSpec t : config.targets()) {
            for (LunSpec l : t.luns()) {
                if (l.snapshot().isEmpty() || !known.containsKey(l.pool())) {
                    continue;
                }
                if (state.isRemoved(t.iqn().canonical(), l)) {
                    known.get(l.pool()).add(l.snapshot().get()); // removed at run time: not checked
                } else if (configFile == null && !known.get(l.pool()).contains(l.snapshot().get())) {
                    problems.add("target " + t.iqn() + " LUN " + l.lun() + ": pool " + l.pool()
                            + " has no snapshot '" + l.snapshot().get() + "'");
                }
            }
        }
        if (configFile != null) {
            ConfigResult result = ConfigLoader.load(configFile, KnownSnapshots.of(known));
            result.errors().stream().map(ConfigError::toString).forEach(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new StartupException(problems);
        }
    }

    private void listen() throws InterruptedException {
        List<PortalAddress> portals = config.portals().stream()
                .map(h -> new PortalAddress(h.host(), h.port())).toList();
        List<TargetDefinition> definitions = new ArrayList<>();
        for (TargetRuntime t : targets.values()) {
            TargetSpec s = t.spec();
            Set<String> initiators = new HashSet<>();
            s.initiators().forEach(i -> initiators.add(i.canonical()));
            definitions.add(new TargetDefinition(s.iqn().value(), s.alias().orElse(""), s.chap().map(ServerRuntime::chap),
                    s.mutualChap().map(ServerRuntime::chap), initiators, t.table()));
        }
        server = TargetServer.start(portals, definitions, TargetLimits.defaults(), KeepAliveSettings.defaults(), 0);
        for (Portal p : server.portals()) {
            log.info("iSCSI portal listening: {}:{} targets {}", p.host(), p.port(),
                    String.join(", ", targets.values().stream().map(TargetRuntime::name).toList()));
        }
    }

    /** Samples the usage of pools written since the last pass (soft threshold), once per interval. */
    private void monitorUsage() {
        while (!closed) {
            try {
                Thread.sleep(USAGE_SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            for (PoolRuntime p : pools.values()) {
                if (closed) {
                    return;
                }
                p.sampleIfChanged();
            }
        }
    }

    private static ChapSecret chap(ChapSpec spec) {
        return new ChapSecret(spec.user(), spec.secret());
    }

    private Export newExport(TargetRuntime target, int lun, PoolRuntime pool, String snapshot, boolean readOnly)
            throws IOException {
        Volume volume;
        SnapshotId id;
        if (snapshot == null) {
            volume = pool.pool().origin();
            id = SnapshotId.ORIGIN;
        } else {
            SnapshotInfo info = pool.pool().snapshot(snapshot).orElseThrow(() -> new AdminException(Kind.NOT_FOUND,
                    "pool " + pool.name() + " has no snapshot '" + snapshot + "'"));
            volume = pool.pool().snapshotVolume(snapshot);
            id = info.id();
        }
        DeviceIdentity identity = identities.identityOf(pool.name(), id);
        Path reservations = reservationsDir.resolve(identity.naaHex() + "-" + fileSafe(target.spec().iqn().canonical())
                + "-lun" + lun + ".pr");
        StoreBlockDevice device = new StoreBlockDevice(volume, readOnly, identity, reservations, pool.barrier(),
                pool.pool().chunkSize(), pool::afterWrite);
        SharedVolume shared = journals.of(identity, snapshot == null ? pool.name() : pool.name() + "/" + snapshot,
                id.bits(), AtomicWriteJournal.Target.of(device));
        return new Export(target.name(), lun, pool.name(), snapshot, readOnly, device,
                new MeteredBlockDevice(new JournaledBlockDevice(device, shared), new IoMetrics()));
    }

    /** Drops the atomic-write journal of a deleted snapshot; a leftover file is harmless, so failure is only logged. */
    private void discardJournal(String pool, SnapshotId id) {
        try {
            Optional<DeviceIdentity> identity = identities.knownIdentity(pool, id);
            if (identity.isPresent()) {
                journals.discard(identity.get());
            }
        } catch (IOException e) {
            log.warn("pool {}: cannot remove the atomic-write journal of deleted snapshot {}", pool, id, e);
        }
    }

    private static String fileSafe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private void raiseSoftThreshold(String pool) {
        for (TargetRuntime t : targets.values()) {
            for (Export e : t.exports()) {
                if (e.pool().equals(pool)) {
                    t.table().establishUnitAttention(e.lun(), SenseReason.SOFT_THRESHOLD_REACHED);
                }
            }
        }
    }

    /** The portals as bound (actual ports when the configuration asked for port 0). */
    public List<Portal> portals() {
        return server.portals();
    }

    /** The device the SCSI layer sees behind LUN {@code lun} of {@code target} (for tests), or {@code null}. */
    BlockDevice device(String target, int lun) {
        Export e = target(target).export(lun);
        return e == null ? null : e.metered();
    }

    /** The schedules (for tests, which drive them with their own clock). */
    SnapshotScheduler scheduler() {
        return scheduler;
    }

    /** The open pool of this name (for tests). */
    PoolRuntime poolRuntime(String name) {
        return pool(name);
    }

    /** The configuration this runtime was started from (without run-time changes). */
    public SnapTargetConfig config() {
        return config;
    }

    // ---- AdminOperations ------------------------------------------------------------------

    @Override
    public SnapshotView createSnapshot(String pool, String name, String of, boolean readOnly) {
        synchronized (adminLock) {
            if (state.scheduledIn(pool).contains(name)) {
                persist(state.withScheduled(pool, name, false)); // a stale record must not make it scheduled
            }
            return takeSnapshot(pool, name, of, readOnly);
        }
    }

    /** Creates the snapshot inside the pool's barrier; the caller holds the admin lock. */
    private SnapshotView takeSnapshot(String pool, String name, String of, boolean readOnly) {
        PoolRuntime p = pool(pool);
        NameRules.checkName(name).ifPresent(problem -> {
            throw new AdminException(Kind.INVALID, "snapshot name " + problem);
        });
        if (p.pool().snapshot(name).isPresent()) {
            throw new AdminException(Kind.CONFLICT, "pool " + pool + " already has a snapshot '" + name + "'");
        }
        if (of != null && p.pool().snapshot(of).isEmpty()) {
            throw new AdminException(Kind.NOT_FOUND, "pool " + pool + " has no snapshot '" + of + "' to take a snapshot of");
        }
        SnapshotInfo info = store(() -> p.barrier().exclusively(() -> p.pool().createSnapshot(name, of, readOnly)));
        log.info("pool {}: snapshot {} of {} created ({})", pool, name, of == null ? "the origin" : of,
                readOnly ? "read-only" : "writable");
        return view(pool, info);
    }

    @Override
    public List<SnapshotView> listSnapshots(String pool) {
        PoolRuntime p = pool(pool);
        List<SnapshotInfo> infos = store(() -> p.pool().snapshots());
        List<SnapshotView> out = new ArrayList<>(infos.size());
        for (SnapshotInfo info : infos) {
            out.add(view(pool, info));
        }
        return out;
    }

    private SnapshotView view(String pool, SnapshotInfo info) {
        boolean scheduled;
        synchronized (adminLock) {
            scheduled = state.scheduledIn(pool).contains(info.name());
        }
        return new SnapshotView(pool, info.name(), info.id().toString(), info.parent(), info.created(),
                info.readOnly(), info.exclusiveBytes(), scheduled, exportsOf(pool, info.name()));
    }

    private List<String> exportsOf(String pool, String snapshot) {
        List<String> out = new ArrayList<>();
        for (TargetRuntime t : targets.values()) {
            for (Export e : t.exports()) {
                if (e.pool().equals(pool) && snapshot.equals(e.snapshot())) {
                    out.add(e.address());
                }
            }
        }
        return out;
    }

    @Override
    public void deleteSnapshot(String pool, String name) {
        synchronized (adminLock) {
            PoolRuntime p = pool(pool);
            if (p.pool().snapshot(name).isEmpty()) {
                throw new AdminException(Kind.NOT_FOUND, "pool " + pool + " has no snapshot '" + name + "'");
            }
            List<String> exported = exportsOf(pool, name);
            if (!exported.isEmpty()) {
                throw new AdminException(Kind.CONFLICT, "snapshot '" + name + "' of pool " + pool
                        + " is exported as LUN " + String.join(", ", exported) + "; remove the LUN first");
            }
            SnapshotId deletedId = p.pool().snapshot(name).orElseThrow().id();
            store(() -> {
                p.pool().deleteSnapshot(name);
                return null;
            });
            discardJournal(pool, deletedId);
            log.info("pool {}: snapshot {} deleted", pool, name);
            if (state.scheduledIn(pool).contains(name)) {
                persist(state.withScheduled(pool, name, false));
            }
        }
    }

    @Override
    public LunView addLun(String target, int lun, String pool, String snapshot, boolean readOnly) {
        synchronized (adminLock) {
            TargetRuntime t = target(target);
            if (lun < 0 || lun > LunSpec.MAX_LUN) {
                throw new AdminException(Kind.INVALID, "LUN " + lun + " is out of range 0.." + LunSpec.MAX_LUN);
            }
            if (t.export(lun) != null) {
                throw new AdminException(Kind.CONFLICT, "target " + t.name() + " already has a LUN " + lun + " ("
                        + describe(t.export(lun)) + ")");
            }
            PoolRuntime p = pool(pool);
            Export export;
            try {
                export = newExport(t, lun, p, snapshot, readOnly);
            } catch (IOException e) {
                throw new AdminException(Kind.FAILED, "cannot record the identity of the new LUN: " + e.getMessage(), e);
            } catch (StoreException e) {
                throw translate(e);
            }
            t.table().addUnit(lun, export.metered());
            t.put(export);
            try {
                persist(state.withAdded(new RuntimeState.AddedLun(t.name(), lun, pool, snapshot, readOnly)));
            } catch (AdminException e) {
                t.remove(lun);
                t.table().removeUnit(lun);
                throw e;
            }
            log.info("target {}: LUN {} added ({})", t.name(), lun, describe(export));
            return export.view();
        }
    }

    @Override
    public void removeLun(String target, int lun) {
        synchronized (adminLock) {
            TargetRuntime t = target(target);
            Export export = t.export(lun);
            if (export == null) {
                throw new AdminException(Kind.NOT_FOUND, "target " + t.name() + " has no LUN " + lun);
            }
            RuntimeState next = state.withRemoved(t.name(), lun, t.fromConfig(lun));
            persist(next);
            t.remove(lun);
            BlockDevice removed = t.table().removeUnit(lun);
            if (removed != null) {
                try {
                    removed.flush();
                } catch (IOException e) {
                    log.warn("target {}: LUN {}: flush on removal failed: {}", t.name(), lun, e.getMessage());
                }
            }
            log.info("target {}: LUN {} removed ({})", t.name(), lun, describe(export));
        }
    }

    private static String describe(Export e) {
        return "pool " + e.pool() + (e.snapshot() == null ? " origin" : " snapshot " + e.snapshot())
                + (e.readOnly() ? ", read-only" : "");
    }

    @Override
    public StatusView status() {
        List<StatusView.SessionView> sessions = new ArrayList<>();
        for (SessionRegistry.Entry e : server.sessions().entries()) {
            SocketAddress remote = e.channel().remoteAddress();
            String address = remote instanceof InetSocketAddress i
                    ? new HostPort(i.getAddress().getHostAddress(), i.getPort()).toString() : String.valueOf(remote);
            sessions.add(new StatusView.SessionView(e.identity().initiatorName(), String.format("%012x", e.identity().isid()),
                    e.identity().targetName(), address, e.tsih(), "normal"));
        }
        List<LunView> luns = new ArrayList<>();
        for (TargetRuntime t : targets.values()) {
            t.exports().forEach(x -> luns.add(x.view()));
        }
        List<StatusView.PoolView> poolViews = new ArrayList<>();
        for (PoolRuntime p : pools.values()) {
            poolViews.add(poolView(p));
        }
        return new StatusView(sessions, luns, poolViews);
    }

    static StatusView.PoolView poolView(PoolRuntime p) {
        var s = p.stats();
        long chunk = s.chunkSize();
        return new StatusView.PoolView(p.name(), s.chunkSize(), p.pool().origin().size(), s.storeBlocks() * chunk,
                s.blocksUsed() * chunk, s.blocksFree() * chunk, p.warnAtPercent(), p.softThresholdReached(),
                s.snapshots(), s.exceptionEntries(), s.bytesPendingReclaim(), p.pool().isReadOnly());
    }

    @Override
    public String metrics() {
        List<Export> exports = new ArrayList<>();
        targets.values().forEach(t -> exports.addAll(t.exports()));
        return MetricsExposition.render(List.copyOf(pools.values()), exports, server.sessions().size());
    }

    // ---- helpers ---------------------------------------------------------------------------

    private PoolRuntime pool(String name) {
        PoolRuntime p = name == null ? null : pools.get(name);
        if (p == null) {
            throw new AdminException(Kind.NOT_FOUND, "no pool '" + name + "'; pools: " + String.join(", ", pools.keySet()));
        }
        return p;
    }

    private TargetRuntime target(String name) {
        TargetRuntime t = name == null ? null : targets.get(name.toLowerCase(Locale.ROOT));
        if (t == null) {
            throw new AdminException(Kind.NOT_FOUND, "no target '" + name + "'; targets: "
                    + String.join(", ", targets.values().stream().map(TargetRuntime::name).toList()));
        }
        return t;
    }

    /** Replaces the state (memory and file); the caller holds the admin lock. */
    private void persist(RuntimeState next) {
        try {
            next.save(stateFile);
            state = next;
        } catch (IOException e) {
            throw new AdminException(Kind.FAILED, "cannot save " + stateFile + ": " + e.getMessage(), e);
        }
    }

    private static <T> T store(Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException e) {
            throw translate(e);
        }
    }

    private static AdminException translate(StoreException e) {
        Kind kind = switch (e) {
            case StoreException.NotFound n -> Kind.NOT_FOUND;
            case StoreException.InvalidRequest i -> Kind.INVALID;
            case StoreException.StoreFull f -> Kind.CONFLICT;
            case StoreException.ReadOnly r -> Kind.CONFLICT;
            case StoreException.Corruption c -> Kind.FAILED;
            case StoreException.DeviceError d -> Kind.FAILED;
        };
        return new AdminException(kind, e.getMessage(), e);
    }

    /** The scheduler's view of the runtime: scheduled snapshots are recorded as such. */
    private final class ScheduleActions implements SnapshotScheduler.Actions {
        @Override
        public void takeScheduled(String pool, String name) {
            synchronized (adminLock) {
                RuntimeState before = state;
                persist(state.withScheduled(pool, name, true)); // first: a crash must not leave it unscheduled
                try {
                    takeSnapshot(pool, name, null, true);
                } catch (RuntimeException e) {
                    try {
                        persist(before);
                    } catch (AdminException again) {
                        e.addSuppressed(again); // a stale record of a snapshot that does not exist is harmless
                    }
                    throw e;
                }
            }
        }

        @Override
        public List<SnapshotView> list(String pool) {
            return listSnapshots(pool);
        }

        @Override
        public void deleteScheduled(String pool, String name) {
            deleteSnapshot(pool, name);
        }
    }

    /** Stops schedules, closes the iSCSI server, drains storage, flushes and closes every pool. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        scheduler.close();
        if (usageMonitor != null) {
            usageMonitor.interrupt();
            try {
                usageMonitor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (server != null) {
            server.close();
        }
        storage.close();
        journals.close();
        for (PoolRuntime p : pools.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                log.error("pool {}: close failed", p.name(), e);
            }
        }
    }
}
