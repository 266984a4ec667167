package org.snaptarget.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-memory {@link AdminOperations} with the refusals the real runtime makes (unknown pool or
 * target 404, duplicate snapshot or LUN 409, deleting an exported snapshot 409 naming the LUN), for
 * testing the endpoint and the CLI without pools on disk. Snapshot {@code i} of a pool is created
 * at {@code 2026-11-25T12:00:00Z + i minutes} with {@code i} MiB of exclusive space, so outputs are
 * predictable.
 */
public final class FakeAdminOperations implements AdminOperations {

    public static final Instant EPOCH = Instant.parse("2026-11-25T12:00:00Z");

    private final Map<String, Map<String, SnapshotView>> pools = new TreeMap<>();
    private final Map<String, Map<Integer, LunView>> targets = new TreeMap<>();
    private String metrics = "# HELP snaptarget_sessions Logged-in iSCSI sessions.\n# TYPE snaptarget_sessions gauge\n"
            + "snaptarget_sessions 0\n";
    private RuntimeException nextFailure;
    private volatile String lastThread;

    public FakeAdminOperations pool(String name) {
        pools.put(name, new LinkedHashMap<>());
        return this;
    }

    public FakeAdminOperations target(String iqn) {
        targets.put(iqn, new TreeMap<>());
        return this;
    }

    /** The next operation throws {@code failure} instead of doing anything. */
    public synchronized void failNext(RuntimeException failure) {
        this.nextFailure = failure;
    }

    public synchronized void metrics(String text) {
        this.metrics = text;
    }

    @Override
    public synchronized SnapshotView createSnapshot(String pool, String name, String of, boolean readOnly) {
        failIfAsked();
        Map<String, SnapshotView> snaps = snapshots(pool);
        if (snaps.containsKey(name)) {
            throw new AdminException(AdminException.Kind.CONFLICT, "pool " + pool + " already has a snapshot " + name);
        }
        if (of != null && !snaps.containsKey(of)) {
            throw new AdminException(AdminException.Kind.NOT_FOUND, "pool " + pool + " has no snapshot " + of);
        }
        int i = snaps.size();
        SnapshotView view = new SnapshotView(pool, name, String.valueOf(i + 1), of, EPOCH.plusSeconds(60L * i), readOnly,
                (long) i << 20, false, List.of());
        snaps.put(name, view);
        return view;
    }

    @Override
    public synchronized List<SnapshotView> listSnapshots(String pool) {
        failIfAsked();
        return snapshots(pool).values().stream().map(this::withExports).toList();
    }

    @Override
    public synchronized void deleteSnapshot(String pool, String name) {
        failIfAsked();
        Map<String, SnapshotView> snaps = snapshots(pool);
        if (!snaps.containsKey(name)) {
            throw new AdminException(AdminException.Kind.NOT_FOUND, "pool " + pool + " has no snapshot " + name);
        }
        List<String> exports = withExports(snaps.get(name)).exportedAs();
        if (!exports.isEmpty()) {
            throw new AdminException(AdminException.Kind.CONFLICT, "snapshot " + name + " is exported as LUN "
                    + exports.get(0) + "; remove the LUN first");
        }
        snaps.remove(name);
    }

    @Override
    public synchronized LunView addLun(String target, int lun, String pool, String snapshot, boolean readOnly) {
        failIfAsked();
        Map<Integer, LunView> luns = luns(target);
        if (luns.containsKey(lun)) {
            throw new AdminException(AdminException.Kind.CONFLICT, "target " + target + " already has a LUN " + lun);
        }
        Map<String, SnapshotView> snaps = snapshots(pool);
        if (snapshot != null && !snaps.containsKey(snapshot)) {
            throw new AdminException(AdminException.Kind.NOT_FOUND, "pool " + pool + " has no snapshot " + snapshot);
        }
        String naa = String.format("6%015x%016x", Math.abs((long) pool.hashCode()), (long) luns.size() + 1);
        LunView view = new LunView(target, lun, pool, snapshot, readOnly, naa, "ST" + lun);
        luns.put(lun, view);
        return view;
    }

    @Override
    public synchronized void removeLun(String target, int lun) {
        failIfAsked();
        if (luns(target).remove(lun) == null) {
            throw new AdminException(AdminException.Kind.NOT_FOUND, "target " + target + " has no LUN " + lun);
        }
    }

    @Override
    public synchronized StatusView status() {
        failIfAsked();
        List<LunView> luns = targets.values().stream().flatMap(m -> m.values().stream()).toList();
        List<StatusView.PoolView> poolViews = new ArrayList<>();
        pools.forEach((name, snaps) -> poolViews.add(new StatusView.PoolView(name, 65536, 1L << 30, 2L << 30,
                3L << 28, (2L << 30) - (3L << 28), 80, false, snaps.size(), 42, 0, false, 7,
                new StatusView.PauseView(snaps.size(), snaps.size(), snaps.isEmpty() ? 0 : 1, 2_000_000, 1_500_000))));
        return new StatusView(List.of(new StatusView.SessionView("iqn.1993-08.org.debian:01:host1", "400001370000",
                targets.isEmpty() ? "" : targets.keySet().iterator().next(), "127.0.0.1:40000", 1, "Normal")),
                luns, poolViews);
    }

    @Override
    public synchronized String metrics() {
        failIfAsked();
        return metrics;
    }

    private SnapshotView withExports(SnapshotView s) {
        List<String> exports = new ArrayList<>();
        targets.forEach((iqn, luns) -> luns.values().stream()
                .filter(l -> l.pool().equals(s.pool()) && s.name().equals(l.snapshot()))
                .forEach(l -> exports.add(iqn + "/" + l.lun())));
        return new SnapshotView(s.pool(), s.name(), s.id(), s.parent(), s.created(), s.readOnly(), s.exclusiveBytes(),
                s.scheduled(), exports);
    }

    private Map<String, SnapshotView> snapshots(String pool) {
        Map<String, SnapshotView> snaps = pools.get(pool);
        if (snaps == null) {
            throw new AdminException(AdminException.Kind.NOT_FOUND, "no pool " + pool);
        }
        return snaps;
    }

    private Map<Integer, LunView> luns(String target) {
        Map<Integer, LunView> luns = targets.get(target);
        if (luns == null) {
            throw new AdminException(AdminException.Kind.NOT_FOUND, "no target " + target);
        }
        return luns;
    }

    /** The name of the thread that ran the last operation. */
    public String lastThread() {
        return lastThread;
    }

    private void failIfAsked() {
        lastThread = Thread.currentThread().getName();
        RuntimeException f = nextFailure;
        nextFailure = null;
        if (f != null) {
            throw f;
        }
    }
}
