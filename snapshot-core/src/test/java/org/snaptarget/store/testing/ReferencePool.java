package org.snaptarget.store.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.snaptarget.store.CheckReport;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.PoolStats;
import org.snaptarget.store.SnapshotId;
import org.snaptarget.store.SnapshotInfo;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.Volume;
import org.snaptarget.store.format.IdScheme;
import org.snaptarget.store.io.StoreFile;

/**
 * A deliberately naive but crash-safe {@link Pool}, used only to run the store test suites
 * against something correct while the real engine is missing, and to show that those suites
 * catch a broken commit protocol ({@link Fault}). Selected with {@code -Dsnaptarget.storeImpl=reference}.
 *
 * <p>The origin is written in place through the file layer. Every snapshot is a full in-memory
 * copy; a commit serialises the whole state (snapshots with their bytes, and each chunk's space
 * token, with {@link PoolModel}'s sharing rules) into the store half not used by the newest
 * superblock, forces it, then writes that half's 512-byte superblock (generation, blob length,
 * blob CRC32C, own CRC32C) and forces again. Open picks the newest superblock whose own and
 * blob checksums hold. Commits happen on flush, create, delete, and close after writes. Space accounting
 * (blocks used, store full) follows the sharing rules, not the blob's real size.
 */
public final class ReferencePool implements Pool {

    /** Commit-protocol faults that the harness self-tests inject. */
    public enum Fault {
        NONE,
        /** The superblock is written without forcing the state first, and open trusts it without checking the state's CRC. */
        UNORDERED_COMMIT,
        /** Flush commits the snapshots but does not force the origin. */
        FLUSH_SKIPS_ORIGIN_FORCE
    }

    static final int SUPER = 512;
    static final long MAGIC = 0x5245465f504f4f4cL;

    private final PoolConfig config;
    private final Fault fault;
    private final StoreFile originFile;
    private final StoreFile storeFile;
    private final long half;
    private final PoolModel state;
    private final Map<String, Meta> meta = new LinkedHashMap<>();
    private long generation;
    private boolean readOnly;
    private boolean dirty;
    /** Commits written by this object, and how long the latest took (guarded by this). */
    private long commits;
    private long lastCommitNanos;

    private record Meta(String parent, boolean readOnly, Instant created, long id) {
    }

    /** Snapshots ever taken of each device, by name ({@link PoolModel#ORIGIN} for the origin). */
    private final Map<String, Integer> nextChild = new java.util.HashMap<>();

    private ReferencePool(PoolConfig config, Fault fault, StoreFile origin, StoreFile store, PoolModel state) {
        this.config = config;
        this.fault = fault;
        this.originFile = origin;
        this.storeFile = store;
        this.half = (config.storeSize() - 2 * SUPER) / 2;
        this.state = state;
    }

    public static Pool create(PoolConfig config, Fault fault) {
        try {
            StoreFile origin = config.fileSystem().open(config.originPath(), true);
            StoreFile store = config.fileSystem().open(config.storePath(), true);
            origin.setSize(config.originSize());
            store.setSize(config.storeSize());
            ReferencePool p = new ReferencePool(config, fault, origin, store, new PoolModel(config.originSize(), config.chunkSize()));
            p.commit();
            return p;
        } catch (IOException e) {
            throw new StoreException.DeviceError("create: " + e.getMessage(), e);
        }
    }

    public static Pool open(PoolConfig config, Fault fault) {
        try {
            StoreFile origin = config.fileSystem().open(config.originPath(), false);
            StoreFile store = config.fileSystem().open(config.storePath(), false);
            byte[] blob = null;
            long gen = -1;
            for (int slot = 0; slot < 2; slot++) {
                ByteBuffer sb = ByteBuffer.allocate(SUPER);
                store.read(sb, (long) slot * SUPER);
                if (sb.getLong(0) != MAGIC || crc(sb.array(), 0, SUPER - 4) != sb.getInt(SUPER - 4) || sb.getLong(8) <= gen) {
                    continue;
                }
                int length = sb.getInt(16);
                ByteBuffer body = ByteBuffer.allocate(length);
                store.read(body, 2L * SUPER + slot * ((store.size() - 2 * SUPER) / 2));
                if (fault == Fault.UNORDERED_COMMIT || crc(body.array(), 0, length) == sb.getInt(20)) {
                    blob = body.array();
                    gen = sb.getLong(8);
                }
            }
            if (blob == null) {
                throw new StoreException.Corruption("no valid superblock in " + config.storePath());
            }
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(blob));
            long size = in.readLong();
            int chunk = in.readInt();
            if (config.chunkSize() != 0 && config.chunkSize() != chunk) {
                throw new StoreException.InvalidRequest("chunk size " + config.chunkSize() + " conflicts with the pool's " + chunk);
            }
            PoolConfig actual = new PoolConfig(config.originPath(), size, config.storePath(), store.size(), chunk, config.fileSystem());
            ReferencePool p = new ReferencePool(actual, fault, origin, store, new PoolModel(size, chunk));
            p.generation = gen;
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new StoreException.DeviceError("open: " + e.getMessage(), e);
        }
    }

    private static int crc(byte[] b, int from, int length) {
        CRC32C c = new CRC32C();
        c.update(b, from, length);
        return (int) c.getValue();
    }

    private void load(DataInputStream in) throws IOException {
        nextChild.put(PoolModel.ORIGIN, in.readInt());
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            String parent = in.readBoolean() ? in.readUTF() : null;
            boolean ro = in.readBoolean();
            Instant created = Instant.ofEpochMilli(in.readLong());
            long id = in.readLong();
            int children = in.readInt();
            byte[] data = in.readNBytes(Math.toIntExact(state.size()));
            long[] tokens = new long[state.chunkCount()];
            for (int c = 0; c < tokens.length; c++) {
                tokens[c] = in.readLong();
            }
            state.restoreSnapshot(name, parent, ro, data, tokens);
            meta.put(name, new Meta(parent, ro, created, id));
            nextChild.put(name, children);
        }
        long[] originTokens = new long[state.chunkCount()];
        for (int c = 0; c < originTokens.length; c++) {
            originTokens[c] = in.readLong();
        }
        state.restoreOrigin(readOrigin(), originTokens, in.readLong());
        state.flush();
    }

    private byte[] readOrigin() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(state.size()));
        originFile.read(b, 0);
        return b.array();
    }

    private synchronized void commit() {
        long started = System.nanoTime();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(state.size());
            out.writeInt(state.chunkSize());
            out.writeInt(nextChild.getOrDefault(PoolModel.ORIGIN, 0));
            out.writeInt(meta.size());
            for (Map.Entry<String, Meta> e : meta.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeBoolean(e.getValue().parent() != null);
                if (e.getValue().parent() != null) {
                    out.writeUTF(e.getValue().parent());
                }
                out.writeBoolean(e.getValue().readOnly());
                out.writeLong(e.getValue().created().toEpochMilli());
                out.writeLong(e.getValue().id());
                out.writeInt(nextChild.getOrDefault(e.getKey(), 0));
                out.write(state.contents(e.getKey()));
                for (long t : state.tokens(e.getKey())) {
                    out.writeLong(t);
                }
            }
            for (long t : state.tokens(PoolModel.ORIGIN)) {
                out.writeLong(t);
            }
            out.writeLong(state.nextToken());
            byte[] blob = bytes.toByteArray();
            if (blob.length > half) {
                throw new StoreException.StoreFull("reference pool state of " + blob.length + " bytes exceeds " + half);
            }
            int slot = (int) ((generation + 1) & 1);
            storeFile.write(ByteBuffer.wrap(blob), 2L * SUPER + slot * half);
            if (fault != Fault.UNORDERED_COMMIT) {
                storeFile.force();
            }
            ByteBuffer sb = ByteBuffer.allocate(SUPER);
            sb.putLong(0, MAGIC).putLong(8, generation + 1).putInt(16, blob.length).putInt(20, crc(blob, 0, blob.length));
            sb.putInt(SUPER - 4, crc(sb.array(), 0, SUPER - 4));
            storeFile.write(sb, (long) slot * SUPER);
            storeFile.force();
            generation++;
            dirty = false;
            commits++;
            lastCommitNanos = System.nanoTime() - started;
        } catch (IOException e) {
            throw new StoreException.DeviceError("commit: " + e.getMessage(), e);
        }
    }

    @Override
    public int chunkSize() {
        return state.chunkSize();
    }

    @Override
    public Volume origin() {
        return new RefVolume(PoolModel.ORIGIN);
    }

    @Override
    public synchronized SnapshotInfo createSnapshot(String name, String parent, boolean ro) {
        if (name == null || name.isBlank() || meta.containsKey(name) || PoolModel.ORIGIN.equals(name)) {
            throw new StoreException.InvalidRequest("snapshot name '" + name + "' is empty or taken");
        }
        if (parent != null && !meta.containsKey(parent)) {
            throw new StoreException.InvalidRequest("parent snapshot '" + parent + "' does not exist");
        }
        String parentKey = parent == null ? PoolModel.ORIGIN : parent;
        long parentId = parent == null ? IdScheme.ORIGIN : meta.get(parent).id();
        int k = nextChild.getOrDefault(parentKey, 0);
        if (!IdScheme.canHaveChild(parentId, k)) {
            throw new StoreException.InvalidRequest("snapshot '" + name + "' does not fit the id space");
        }
        nextChild.put(parentKey, k + 1);
        state.createSnapshot(name, parent, ro);
        meta.put(name, new Meta(parent, ro, Instant.now(), IdScheme.child(parentId, k)));
        commit();
        return snapshot(name).orElseThrow();
    }

    @Override
    public synchronized void deleteSnapshot(String name) {
        if (!meta.containsKey(name)) {
            throw new StoreException.NotFound("no snapshot '" + name + "'");
        }
        state.deleteSnapshot(name);
        meta.remove(name);
        commit();
    }

    @Override
    public synchronized List<SnapshotInfo> snapshots() {
        List<SnapshotInfo> out = new ArrayList<>();
        meta.keySet().forEach(n -> out.add(snapshot(n).orElseThrow()));
        return out;
    }

    @Override
    public synchronized Optional<SnapshotInfo> snapshot(String name) {
        Meta m = meta.get(name);
        if (m == null) {
            return Optional.empty();
        }
        return Optional.of(new SnapshotInfo(name, new SnapshotId(m.id()), m.parent(), m.created(), m.readOnly(),
                state.exclusiveBytes(name)));
    }

    @Override
    public synchronized Volume snapshotVolume(String name) {
        if (!meta.containsKey(name)) {
            throw new StoreException.NotFound("no snapshot '" + name + "'");
        }
        return new RefVolume(name);
    }

    @Override
    public synchronized PoolStats stats() {
        long blocks = config.storeSize() / state.chunkSize();
        long used = state.storeChunksReferenced() + 1;
        return new PoolStats(state.chunkSize(), blocks, used, blocks - used, meta.size(), 0, meta.size());
    }

    @Override
    public synchronized long commitCount() {
        return commits;
    }

    @Override
    public synchronized Duration lastCommitDuration() {
        return Duration.ofNanos(lastCommitNanos);
    }

    @Override
    public CheckReport check() {
        return new CheckReport(List.of(), 1, meta.size());
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public boolean awaitSweep(Duration timeout) {
        return true;
    }

    @Override
    public synchronized void close() {
        try {
            originFile.force();
            if (dirty) {
                commit();
            }
        } catch (IOException e) {
            throw new StoreException.DeviceError("close: " + e.getMessage(), e);
        }
    }

    private final class RefVolume implements Volume {
        private final String name;

        RefVolume(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isOrigin() {
            return PoolModel.ORIGIN.equals(name);
        }

        @Override
        public long size() {
            return state.size();
        }

        @Override
        public boolean readOnly() {
            synchronized (ReferencePool.this) {
                return readOnly || !isOrigin() && state.isReadOnly(name);
            }
        }

        private void check(long offset, long length) {
            if (offset % SECTOR != 0 || length % SECTOR != 0 || offset < 0 || offset + length > state.size()) {
                throw new StoreException.InvalidRequest("extent " + offset + "+" + length + " is not 512-aligned inside the device");
            }
            if (!state.exists(name)) {
                throw new StoreException.NotFound("no snapshot '" + name + "'");
            }
        }

        @Override
        public void read(long offset, ByteBuffer dst) {
            synchronized (ReferencePool.this) {
                check(offset, dst.remaining());
                dst.put(state.read(name, offset, dst.remaining()));
            }
        }

        @Override
        public void write(long offset, ByteBuffer src) {
            synchronized (ReferencePool.this) {
                check(offset, src.remaining());
                if (readOnly()) {
                    throw new StoreException.ReadOnly(name + " is read-only");
                }
                byte[] data = new byte[src.remaining()];
                src.get(data);
                long need = state.chunksNeededToWrite(name, offset, data.length);
                if (need > stats().blocksFree()) {
                    throw new StoreException.StoreFull("no free chunk for a write to " + name);
                }
                state.write(name, offset, data);
                dirty = true;
                if (isOrigin()) {
                    try {
                        originFile.write(ByteBuffer.wrap(data), offset);
                    } catch (IOException e) {
                        throw new StoreException.DeviceError("origin write: " + e.getMessage(), e);
                    }
                }
            }
        }

        @Override
        public void flush() {
            synchronized (ReferencePool.this) {
                try {
                    if (fault != Fault.FLUSH_SKIPS_ORIGIN_FORCE) {
                        originFile.force();
                    }
                } catch (IOException e) {
                    throw new StoreException.DeviceError("flush: " + e.getMessage(), e);
                }
                commit();
            }
        }

        @Override
        public void unmap(long offset, long length) {
            synchronized (ReferencePool.this) {
                check(offset, length);
                if (readOnly()) {
                    throw new StoreException.ReadOnly(name + " is read-only");
                }
                state.unmap(name, offset, length);
                dirty = true;
                if (isOrigin()) {
                    try {
                        originFile.write(ByteBuffer.wrap(new byte[Math.toIntExact(length)]), offset);
                    } catch (IOException e) {
                        throw new StoreException.DeviceError("origin unmap: " + e.getMessage(), e);
                    }
                }
            }
        }
    }
}
