package org.snaptarget.store.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.alloc.BlockAllocator;
import org.snaptarget.store.btree.ExceptionTree;
import org.snaptarget.store.format.FormatConstants;
import org.snaptarget.store.format.IdScheme;
import org.snaptarget.store.format.Superblock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one open pool, shared by the engine's parts.
 *
 * <p>Locks, in the order they are taken: a chunk stripe ({@link ChunkLocks}), then {@link #lock}.
 * {@link #lock} (read/write) guards the exception tree, the snapshot table, {@link #changed},
 * the sweep fields and the transaction number: lookups hold it shared; every change, and a
 * commit's freeze, hold it exclusively. The allocator, the commit pipeline and the node cache
 * have their own monitors and never call back into code that takes {@link #lock}.
 */
final class EngineState {

    private static final Logger LOG = LoggerFactory.getLogger(EngineState.class);

    final int chunkSize;
    final int blocksPerChunk;
    final long originSize;
    final long storeSize;
    final long createdMillis;
    final Devices devices;
    final BlockAllocator allocator;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final ChunkLocks chunkLocks = new ChunkLocks(1024);
    /** Chunk -> the transaction that last changed its entries, until that commit is durable. */
    final ConcurrentHashMap<Long, Long> pendingChunkTxn = new ConcurrentHashMap<>();
    /** Store chunk -> the transaction that allocated it, until that commit is durable. */
    final ConcurrentHashMap<Long, Long> freshChunks = new ConcurrentHashMap<>();
    final SpaceAccounting accounting = new SpaceAccounting();
    /**
     * Data chunks allocated by an operation and not yet linked into the tree or freed (the
     * checker counts them as used). Guarded by its own monitor, held across the allocation so the
     * checker never sees the chunk allocated but not listed.
     */
    final java.util.Set<Long> inFlightChunks = new java.util.HashSet<>();
    /**
     * Entries referencing each store chunk that more than one entry references (absent: one, for
     * a referenced chunk). Lets a write decide "no other entry shares this chunk" in O(1).
     * Rebuilt at open; guarded by {@link #lock}.
     */
    private final java.util.HashMap<Long, Integer> sharedRefs = new java.util.HashMap<>();
    TransactionalNodeStore nodes;
    ExceptionTree tree;
    SnapshotTable table;
    /** The running transaction (the generation its superblock will carry). */
    volatile long txn;
    /** Something changed since the last freeze. */
    volatile boolean changed;
    /** The origin was written since its last force. */
    volatile boolean originDirty;
    int sweepFlags;
    long sweepCursor;
    long sweepStop;
    private volatile String readOnlyReason;
    final boolean openedReadOnly;

    EngineState(int chunkSize, long originSize, long storeSize, long createdMillis, Devices devices,
                BlockAllocator allocator, boolean openedReadOnly) {
        this.chunkSize = chunkSize;
        this.blocksPerChunk = chunkSize / FormatConstants.BLOCK_SIZE;
        this.originSize = originSize;
        this.storeSize = storeSize;
        this.createdMillis = createdMillis;
        this.devices = devices;
        this.allocator = allocator;
        this.openedReadOnly = openedReadOnly;
    }

    long originChunks() {
        return (originSize + chunkSize - 1) / chunkSize;
    }

    /** Corruption or a failed commit: every later change is refused; reads of intact data go on. */
    void turnReadOnly(String reason) {
        if (readOnlyReason == null) {
            readOnlyReason = reason;
            LOG.error("pool turned read-only: {}", reason);
        }
    }

    String readOnlyReason() {
        return readOnlyReason != null ? readOnlyReason : openedReadOnly ? "opened read-only" : null;
    }

    boolean readOnly() {
        return readOnlyReason != null || openedReadOnly;
    }

    void requireWritable() {
        if (readOnlyReason != null) {
            throw new StoreException.ReadOnly("pool is read-only: " + readOnlyReason);
        }
        if (openedReadOnly) {
            throw new StoreException.ReadOnly("pool was opened read-only");
        }
    }

    /** Forces the origin if it was written since the last force. */
    void forceOrigin() {
        if (originDirty) {
            originDirty = false;
            devices.forceOrigin();
        }
    }

    /** Entries referencing store chunk {@code x}, which must be referenced. */
    int refs(long x) {
        return sharedRefs.getOrDefault(x, 1);
    }

    /** Records that {@code n} entries now reference store chunk {@code x}. */
    void setRefs(long x, int n) {
        if (n >= 2) {
            sharedRefs.put(x, n);
        } else {
            sharedRefs.remove(x);
        }
    }

    /** Whether any live snapshot id lies in [from, to] (unsigned). */
    boolean anyLive(long from, long to) {
        Long x = table.live().ceiling(from);
        return x != null && Long.compareUnsigned(x, to) <= 0;
    }

    /** The superblock describing the current state as generation {@code generation}. */
    Superblock superblock(long generation) {
        return new Superblock(generation, chunkSize, originSize, storeSize, tree.root(), tree.entryCount(),
                table.tailBlock(), table.records(), table.originNextChild(), sweepFlags, sweepCursor, sweepStop,
                createdMillis);
    }

    /** First id of the origin's future snapshots: no entry may reach it. */
    long originFutureStart() {
        return table.futureStart(IdScheme.ORIGIN);
    }
}
