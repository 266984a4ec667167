package org.snaptarget.store.engine;

import static org.snaptarget.store.format.FormatConstants.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.snaptarget.store.CheckReport;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.PoolStats;
import org.snaptarget.store.SnapshotId;
import org.snaptarget.store.SnapshotInfo;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.Volume;
import org.snaptarget.store.alloc.BlockAllocator;
import org.snaptarget.store.btree.ExceptionTree;
import org.snaptarget.store.check.PoolChecker;
import org.snaptarget.store.format.IdScheme;
import org.snaptarget.store.format.Superblock;
import org.snaptarget.store.io.StoreFile;

/**
 * The pool: entry points for {@link Pool#create} and {@link Pool#open}, and the snapshot
 * operations. Formatting writes an empty tree and table as generation 1; opening picks the
 * newest valid superblock ({@link PoolOpener}), rebuilds the free-space map from what it
 * references and resumes a pending sweep.
 *
 * <p>Snapshot create is O(1): allocate the next id, append one record to the snapshot table,
 * one commit (the origin is forced first, so the snapshot holds every write that returned before
 * the call). Delete is O(1) and visible at once: one record, one commit; the sweep reclaims
 * space later. Only deletion (and the sweep) may use the metadata reserve. A snapshot's listed
 * parent is the name its parent had when the snapshot was taken. Locking: see
 * {@link EngineState}.
 */
public final class PoolEngine implements Pool {

    private final EngineState s;
    private final CommitPipeline commits;
    private final DataPath data;
    private final Sweeper sweeper;
    private final DeviceVolume origin;
    private volatile boolean closed;

    PoolEngine(EngineState state, long durable, EngineOptions options) {
        this.s = state;
        this.commits = new CommitPipeline(state, durable);
        this.data = new DataPath(state, commits, options.copyOutsInFlight());
        this.sweeper = new Sweeper(state, commits, data, options.sweepBatch(), options.sweepPause());
        this.origin = new DeviceVolume(this, IdScheme.ORIGIN, "origin", false);
    }

    public static Pool create(PoolConfig config) {
        return create(config, EngineOptions.defaults());
    }

    public static Pool open(PoolConfig config) {
        return open(config, EngineOptions.defaults());
    }

    /** Formats a new pool; fails if the store already holds a valid superblock. */
    public static Pool create(PoolConfig config, EngineOptions options) {
        validateForCreate(config);
        var fs = config.fileSystem();
        StoreFile originFile = null;
        StoreFile storeFile = null;
        try {
            if (fs.exists(config.storePath())) {
                try (StoreFile existing = fs.open(config.storePath(), false)) {
                    if (PoolOpener.holdsPool(existing)) {
                        throw new StoreException.InvalidRequest("store " + config.storePath()
                                + " already holds a pool; open it instead of creating one");
                    }
                }
            }
            originFile = fs.open(config.originPath(), true);
            if (originFile.size() < config.originSize()) {
                originFile.setSize(config.originSize());
            }
            storeFile = fs.open(config.storePath(), true);
            if (storeFile.size() < config.storeSize()) {
                storeFile.setSize(config.storeSize());
            }
            var devices = new Devices(originFile, storeFile);
            devices.writeStore(ByteBuffer.allocate(SB_LENGTH), SUPERBLOCK_SLOT_A * BLOCK_SIZE);
            var allocator = new BlockAllocator(config.storeSize() / BLOCK_SIZE, config.chunkSize() / BLOCK_SIZE);
            allocator.markUsed(SUPERBLOCK_SLOT_A);
            allocator.markUsed(SUPERBLOCK_SLOT_B);
            var state = new EngineState(config.chunkSize(), config.originSize(), config.storeSize(),
                    System.currentTimeMillis(), devices, allocator, false);
            state.txn = 1;
            state.nodes = new TransactionalNodeStore(state, allocator, devices, options.cacheNodes());
            state.tree = new ExceptionTree(state.nodes, 0, 0);
            state.table = new SnapshotTable(0);
            state.changed = true;
            var pool = new PoolEngine(state, 0, options);
            pool.commits.awaitDurable(1);
            pool.sweeper.start();
            return pool;
        } catch (IOException e) {
            closeQuietly(originFile, storeFile);
            throw new StoreException.DeviceError("creating pool files failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(originFile, storeFile);
            throw e;
        }
    }

    /** Opens an existing pool at its newest valid superblock. */
    public static Pool open(PoolConfig config, EngineOptions options) {
        var opened = PoolOpener.open(config, options);
        var pool = new PoolEngine(opened.state(), opened.generation(), options);
        if (!options.readOnly()) {
            pool.sweeper.start();
        }
        return pool;
    }

    private static void validateForCreate(PoolConfig c) {
        int cs = c.chunkSize();
        if (Integer.bitCount(cs) != 1 || cs < MIN_CHUNK_SIZE || cs > MAX_CHUNK_SIZE) {
            throw new StoreException.InvalidRequest("chunk size " + cs + " must be a power of two from "
                    + MIN_CHUNK_SIZE + " to " + MAX_CHUNK_SIZE);
        }
        if (c.originSize() <= 0 || c.originSize() % Volume.SECTOR != 0) {
            throw new StoreException.InvalidRequest("origin size " + c.originSize() + " must be a positive multiple of "
                    + Volume.SECTOR);
        }
        if ((c.originSize() + cs - 1) / cs > MAX_CHUNK_NUMBER) {
            throw new StoreException.InvalidRequest("origin size " + c.originSize() + " has more than "
                    + MAX_CHUNK_NUMBER + " chunks of " + cs + " bytes");
        }
        long blocks = c.storeSize() / BLOCK_SIZE;
        long chunks = c.storeSize() / cs;
        if (blocks < 64 || chunks < 8) {
            throw new StoreException.InvalidRequest("store size " + c.storeSize() + " too small: need at least 64 blocks of "
                    + BLOCK_SIZE + " bytes and 8 chunks of " + cs);
        }
        if (chunks > STORE_CHUNK_MASK) {
            throw new StoreException.InvalidRequest("store size " + c.storeSize() + " has more than " + STORE_CHUNK_MASK + " chunks");
        }
    }

    static void closeQuietly(AutoCloseable... files) {
        for (AutoCloseable f : files) {
            if (f != null) {
                try {
                    f.close();
                } catch (Exception ignored) {
                    // already failing; the first error is the one reported
                }
            }
        }
    }

    EngineState state() {
        return s;
    }

    CommitPipeline commits() {
        return commits;
    }

    DataPath data() {
        return data;
    }

    void ensureOpen() {
        if (closed) {
            throw new StoreException.InvalidRequest("pool is closed");
        }
    }

    void flush() {
        s.forceOrigin();
        if (!s.openedReadOnly) {
            commits.flush();
        }
    }

    @Override
    public int chunkSize() {
        return s.chunkSize;
    }

    @Override
    public Volume origin() {
        return origin;
    }

    @Override
    public SnapshotInfo createSnapshot(String name, String parent, boolean readOnly) {
        ensureOpen();
        validateName(name, "snapshot name");
        s.requireWritable();
        s.forceOrigin();
        SnapshotRecord rec;
        long txn;
        s.lock.writeLock().lock();
        try {
            s.requireWritable();
            if (s.table.byName(name) != null) {
                throw new StoreException.InvalidRequest("a snapshot named '" + name + "' already exists");
            }
            long parentId = IdScheme.ORIGIN;
            if (parent != null) {
                var p = s.table.byName(parent);
                if (p == null) {
                    throw new StoreException.InvalidRequest("parent snapshot '" + parent + "' does not exist");
                }
                parentId = p.id();
            }
            if (!s.allocator.canAllocate(2, false)) {
                throw new StoreException.StoreFull("store full: no room to record a new snapshot");
            }
            long id = s.table.allocateChild(parentId, parent);
            rec = new SnapshotRecord(id, parentId, name, parent, System.currentTimeMillis(), readOnly, false, 0);
            s.table.add(rec, s.nodes, s.allocator);
            s.table.compactIfWorthIt((s.sweepFlags & SWEEP_ACTIVE) == 0, s.nodes, s.allocator);
            if (parentId != IdScheme.ORIGIN) {
                s.accounting.childCreated(parentId);
            }
            s.changed = true;
            txn = s.txn;
        } finally {
            s.lock.writeLock().unlock();
        }
        commits.awaitDurable(txn);
        return info(rec, 0);
    }

    @Override
    public long commitCount() {
        return commits.commitCount();
    }

    @Override
    public Duration lastCommitDuration() {
        return Duration.ofNanos(commits.lastCommitNanos());
    }

    @Override
    public void deleteSnapshot(String name) {
        ensureOpen();
        s.requireWritable();
        long txn;
        s.lock.writeLock().lock();
        s.nodes.allowReserve = true;
        try {
            s.requireWritable();
            var rec = s.table.byName(name);
            if (rec == null) {
                throw new StoreException.NotFound("no snapshot named '" + name + "'");
            }
            s.table.markDeleted(rec, s.nodes, s.allocator);
            sweeper.deletionHappened();
            s.accounting.invalidate();
            s.changed = true;
            txn = s.txn;
        } finally {
            s.nodes.allowReserve = false;
            s.lock.writeLock().unlock();
        }
        commits.awaitDurable(txn);
        sweeper.wake();
    }

    @Override
    public List<SnapshotInfo> snapshots() {
        ensureOpen();
        s.lock.readLock().lock();
        try {
            var out = new ArrayList<SnapshotInfo>(s.table.liveCount());
            for (SnapshotRecord rec : s.table.liveRecords()) {
                out.add(info(rec, s.accounting.exclusiveChunks(rec.id(), s.tree, s.table.live()) * s.chunkSize));
            }
            out.sort(Comparator.comparing(SnapshotInfo::id));
            return out;
        } finally {
            s.lock.readLock().unlock();
        }
    }

    @Override
    public Optional<SnapshotInfo> snapshot(String name) {
        ensureOpen();
        s.lock.readLock().lock();
        try {
            var rec = name == null ? null : s.table.byName(name);
            return rec == null ? Optional.empty()
                    : Optional.of(info(rec, s.accounting.exclusiveChunks(rec.id(), s.tree, s.table.live()) * s.chunkSize));
        } finally {
            s.lock.readLock().unlock();
        }
    }

    @Override
    public Volume snapshotVolume(String name) {
        ensureOpen();
        s.lock.readLock().lock();
        try {
            var rec = name == null ? null : s.table.byName(name);
            if (rec == null) {
                throw new StoreException.NotFound("no snapshot named '" + name + "'");
            }
            return new DeviceVolume(this, rec.id(), rec.name(), rec.readOnly());
        } finally {
            s.lock.readLock().unlock();
        }
    }

    @Override
    public PoolStats stats() {
        ensureOpen();
        s.lock.readLock().lock();
        try {
            var a = s.allocator;
            long usable = Math.max(0, (a.freeBlocks() - a.reserveBlocks()) / s.blocksPerChunk);
            // With no sweep pass pending there is no entry without a live id (writes never create
            // one; only deletions do, and a finished pass removed them all), so nothing is pending.
            long pending = (s.sweepFlags & SWEEP_ACTIVE) == 0 ? 0 : s.accounting.pendingChunks(s.tree, s.table.live());
            return new PoolStats(s.chunkSize, a.chunkCount(), a.chunkCount() - a.freeChunks(),
                    Math.min(a.freeChunks(), usable), s.tree.entryCount(), pending * s.chunkSize, s.table.liveCount());
        } finally {
            s.lock.readLock().unlock();
        }
    }

    @Override
    public CheckReport check() {
        ensureOpen();
        s.lock.readLock().lock();
        try {
            return PoolChecker.check(new EngineCheckSubject(s));
        } finally {
            s.lock.readLock().unlock();
        }
    }

    @Override
    public boolean isReadOnly() {
        return s.readOnly();
    }

    @Override
    public boolean awaitSweep(Duration timeout) {
        ensureOpen();
        return sweeper.awaitIdle(timeout);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sweeper.stop();
        try {
            if (s.openedReadOnly) {
                return;
            }
            if (!s.readOnly()) {
                flush();
                return;
            }
            // Turned read-only: data written in place is still forced, but metadata changes that a
            // failed (or refused) commit left behind cannot be made durable, and the caller must hear it.
            s.forceOrigin();
            s.devices.forceStore();
            if (s.changed || commits.failed()) {
                throw new StoreException.ReadOnly("pool closed read-only (" + s.readOnlyReason()
                        + "): changes since the last durable commit are lost");
            }
        } finally {
            s.devices.close();
        }
    }

    private SnapshotInfo info(SnapshotRecord rec, long exclusiveBytes) {
        return new SnapshotInfo(rec.name(), new SnapshotId(rec.id()), rec.parentName(),
                Instant.ofEpochMilli(rec.createdMillis()), rec.readOnly(), exclusiveBytes);
    }

    static void validateName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new StoreException.InvalidRequest(what + " must not be empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new StoreException.InvalidRequest(what + " '" + name + "' is longer than " + MAX_NAME_BYTES + " bytes of UTF-8");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new StoreException.InvalidRequest(what + " '" + name.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a control character at index " + i);
            }
        }
    }
}
