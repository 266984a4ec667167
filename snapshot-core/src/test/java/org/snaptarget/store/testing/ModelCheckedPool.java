package org.snaptarget.store.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.snaptarget.store.CheckReport;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.SnapshotId;
import org.snaptarget.store.SnapshotInfo;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.Volume;
import org.snaptarget.store.format.IdScheme;

/**
 * A pool driven in lock-step with its {@link PoolModel}: every {@link PoolOp} is applied to both,
 * every read is compared, and {@link #verifyAll} compares everything the API shows (bytes of every
 * device, the snapshot list, exclusive space, the checker).
 *
 * <p>The model learns of a write, unmap or snapshot creation <em>before</em> the pool is asked,
 * and of a flush or deletion only after the pool returned; so when the power fails inside an
 * operation, the model holds every state the pool may durably be in (see
 * {@link PoolModel#crashMismatch}) and {@link #inFlight} names the operation that was cut.
 */
public final class ModelCheckedPool implements AutoCloseable {

    private final PoolConfig config;
    private final PoolModel model;
    private final Map<String, Volume> volumes = new HashMap<>();
    private Pool pool;
    private int created;
    private PoolOp inFlight;
    private String inFlightName;
    private final StringBuilder log = new StringBuilder();

    private ModelCheckedPool(PoolConfig config, Pool pool) {
        this.config = config;
        this.pool = pool;
        this.model = new PoolModel(config.originSize(), config.chunkSize());
    }

    /** Formats a new pool from {@code config} and pairs it with an empty model. */
    public static ModelCheckedPool create(PoolConfig config) {
        return new ModelCheckedPool(config, TestPools.create(config));
    }

    public Pool pool() {
        return pool;
    }

    public PoolModel model() {
        return model;
    }

    public PoolConfig config() {
        return config;
    }

    /** The operation that was running when an exception escaped {@link #apply}, or null. */
    public PoolOp inFlight() {
        return inFlight;
    }

    /** The snapshot that the in-flight create or delete was about, or null. */
    public String inFlightName() {
        return inFlightName;
    }

    /** One line per applied operation, for failure messages. */
    public String log() {
        return log.toString();
    }

    public void applyAll(List<PoolOp> ops) {
        for (PoolOp op : ops) {
            apply(op);
        }
    }

    public void apply(PoolOp op) {
        inFlight = op;
        inFlightName = null;
        long sectorsPerDevice = model.size() / PoolModel.SECTOR;
        switch (op) {
            case PoolOp.Write w -> {
                String dev = deviceName(w.device());
                long[] ext = extent(w.sector(), w.sectors(), sectorsPerDevice);
                byte[] data = fill(w.fill(), (int) ext[1]);
                log("write " + dev + " " + ext[0] + "+" + ext[1]);
                if (model.isReadOnly(dev)) {
                    assertThrows(StoreException.ReadOnly.class, () -> volume(dev).write(ext[0], ByteBuffer.wrap(data)),
                            "write to read-only " + dev);
                } else {
                    model.write(dev, ext[0], data);
                    volume(dev).write(ext[0], ByteBuffer.wrap(data));
                }
            }
            case PoolOp.Read r -> {
                String dev = deviceName(r.device());
                long[] ext = extent(r.sector(), r.sectors(), sectorsPerDevice);
                log("read " + dev + " " + ext[0] + "+" + ext[1]);
                ByteBuffer got = ByteBuffer.allocate((int) ext[1]);
                volume(dev).read(ext[0], got);
                assertArrayEquals(model.read(dev, ext[0], (int) ext[1]), got.array(),
                        () -> "read of " + dev + " at " + ext[0] + "+" + ext[1] + " after:\n" + log);
            }
            case PoolOp.Unmap u -> {
                String dev = deviceName(u.device());
                long[] ext = extent(u.sector(), u.sectors(), sectorsPerDevice);
                log("unmap " + dev + " " + ext[0] + "+" + ext[1]);
                if (model.isReadOnly(dev)) {
                    assertThrows(StoreException.ReadOnly.class, () -> volume(dev).unmap(ext[0], ext[1]),
                            "unmap of read-only " + dev);
                } else {
                    model.unmap(dev, ext[0], ext[1]);
                    volume(dev).unmap(ext[0], ext[1]);
                }
            }
            case PoolOp.CreateSnapshot c -> {
                String from = deviceName(c.parent());
                String parent = PoolModel.ORIGIN.equals(from) ? null : from;
                String name = "s" + (++created);
                inFlightName = name;
                log("create " + name + " of " + (parent == null ? PoolModel.ORIGIN : parent) + (c.readOnly() ? " ro" : " rw"));
                long parentId = parent == null ? SnapshotId.ORIGIN.bits() : pool.snapshot(parent).orElseThrow().id().bits();
                if (!IdScheme.canHaveChild(parentId, model.nextChild(from))) {
                    assertThrows(StoreException.InvalidRequest.class, () -> pool.createSnapshot(name, parent, c.readOnly()),
                            "snapshot " + model.nextChild(from) + " of " + from + " beyond the id space (FORMAT.md, \"Snapshot ids\")");
                    break;
                }
                model.createSnapshot(name, parent, c.readOnly());
                SnapshotInfo info = pool.createSnapshot(name, parent, c.readOnly());
                assertEquals(name, info.name());
                assertEquals(c.readOnly(), info.readOnly());
            }
            case PoolOp.DeleteSnapshot d -> {
                List<String> names = model.snapshotNames();
                if (!names.isEmpty()) {
                    String name = names.get(Math.floorMod(d.snapshot(), names.size()));
                    inFlightName = name;
                    log("delete " + name);
                    volumes.remove(name);
                    pool.deleteSnapshot(name);
                    model.deleteSnapshot(name);
                }
            }
            case PoolOp.Flush f -> {
                String dev = deviceName(f.device());
                log("flush via " + dev);
                volume(dev).flush();
                model.flush();
            }
            case PoolOp.Reopen r -> {
                log("reopen");
                reopen();
            }
        }
        inFlight = null;
        inFlightName = null;
    }

    /** Closes the pool cleanly (a durable point) and opens it again from the same devices. */
    public void reopen() {
        volumes.clear();
        pool.close();
        model.flush();
        pool = TestPools.open(config);
    }

    /**
     * Compares everything observable with the model: each device's full bytes, the snapshot
     * list (names, parents while live, read-only flags), each snapshot's exclusive space, the
     * stats' snapshot count, and a clean checker report.
     */
    public void verifyAll() {
        List<String> names = model.snapshotNames();
        List<SnapshotInfo> listed = pool.snapshots();
        assertEquals(new TreeSet<>(names), new TreeSet<>(listed.stream().map(SnapshotInfo::name).toList()),
                () -> "snapshot list after:\n" + log);
        for (SnapshotInfo info : listed) {
            assertEquals(model.isReadOnly(info.name()), info.readOnly(), "read-only flag of " + info.name());
            String parent = model.parentOf(info.name());
            if (parent == null || model.exists(parent)) {
                assertEquals(parent, info.parent(), "parent of " + info.name());
            }
            assertEquals(model.exclusiveBytes(info.name()), info.exclusiveBytes(),
                    () -> "exclusiveBytes of " + info.name() + " after:\n" + log);
        }
        assertEquals(names.size(), pool.stats().snapshots(), "stats().snapshots");
        verifyContents(PoolModel.ORIGIN);
        for (String name : names) {
            verifyContents(name);
        }
        CheckReport report = pool.check();
        assertTrue(report.clean(), () -> "checker: " + report.problems() + " after:\n" + log);
    }

    /** Waits for the sweep, then checks nothing is left pending reclaim. */
    public void awaitSweep() {
        assertTrue(pool.awaitSweep(Duration.ofSeconds(30)), "sweep did not finish in 30 s");
        assertEquals(0, pool.stats().bytesPendingReclaim(), "bytesPendingReclaim after the sweep");
    }

    private void verifyContents(String dev) {
        byte[] got = readAll(volume(dev), model.size());
        byte[] want = model.contents(dev);
        if (!java.util.Arrays.equals(want, got)) {
            int at = java.util.Arrays.mismatch(want, got);
            fail(dev + " differs from the model first at byte " + at + " (chunk " + at / model.chunkSize() + ") after:\n" + log);
        }
    }

    public static byte[] readAll(Volume v, long size) {
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size));
        v.read(0, buf);
        return buf.array();
    }

    public Volume volume(String dev) {
        return volumes.computeIfAbsent(dev, n -> PoolModel.ORIGIN.equals(n) ? pool.origin() : pool.snapshotVolume(n));
    }

    private String deviceName(int index) {
        return PoolOp.deviceName(model.snapshotNames(), index);
    }

    private static long[] extent(int sector, int sectors, long deviceSectors) {
        return PoolOp.byteExtent(sector, sectors, deviceSectors);
    }

    /** Deterministic bytes for a write: each sector opens with its fill seed, so stale sectors are recognisable. */
    public static byte[] fill(long seed, int length) {
        byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        ByteBuffer stamp = ByteBuffer.wrap(b);
        for (int s = 0; s + 8 <= length; s += PoolModel.SECTOR) {
            stamp.putLong(s, seed ^ s);
        }
        return b;
    }

    private void log(String line) {
        log.append("  ").append(line).append('\n');
    }

    @Override
    public void close() {
        volumes.clear();
        pool.close();
    }
}
