package org.snaptarget.store.engine;

import static org.snaptarget.store.format.FormatConstants.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.alloc.BlockAllocator;
import org.snaptarget.store.btree.NodeStore;
import org.snaptarget.store.format.IdScheme;
import org.snaptarget.store.format.NodeHeader;

/**
 * Every snapshot's metadata: in memory, the records by id and name, the set of live ids (in id
 * order) and each device's next-child number; on disk, an append-only chain of table nodes
 * (FORMAT.md, "Snapshot table"), newest first, each linking to its predecessor.
 *
 * <p>Creating or deleting a snapshot appends one record to the tail node, so a commit rewrites
 * one block however many snapshots exist. When stale records outnumber current ones the chain is
 * compacted (rewritten once, amortised O(1) per change); records of deleted snapshots are dropped
 * then, once the sweep has nothing left to do. The origin's next-child number lives in the
 * superblock.
 *
 * <p>Not thread-safe: guarded by the engine's state lock.
 */
final class SnapshotTable {

    private final Map<Long, SnapshotRecord> byId = new HashMap<>();
    private final Map<String, SnapshotRecord> liveByName = new HashMap<>();
    private final TreeSet<Long> live = new TreeSet<>(Long::compareUnsigned);
    private final Map<Long, Integer> nextChild = new HashMap<>();
    private final List<Long> chainBlocks = new ArrayList<>();
    private final List<TableNode> dirty = new ArrayList<>();
    /** Blocks frozen by a commit whose writes are in flight (the commit thread removes them). */
    private final java.util.Set<Long> writing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private TableNode tail;
    private long records;

    SnapshotTable(int originNextChild) {
        nextChild.put(IdScheme.ORIGIN, originNextChild);
    }

    /** Reads the chain ending at {@code tailBlock}, verifying every node and the record count. */
    static SnapshotTable load(Devices devices, long tailBlock, long expectedRecords, long maxGeneration,
                              int originNextChild, long totalBlocks) {
        var table = new SnapshotTable(originNextChild);
        var newestFirst = new ArrayList<SnapshotRecord>();
        var blocks = new ArrayList<Long>();
        var seen = new java.util.HashSet<Long>();
        long block = tailBlock;
        while (block != 0) {
            if (block < 2 || block >= totalBlocks) {
                throw new StoreException.Corruption(block, "snapshot table link", "2.." + (totalBlocks - 1), block);
            }
            if (!seen.add(block)) {
                throw new StoreException.Corruption(block, "snapshot table chain", "acyclic", "block visited twice");
            }
            ByteBuffer buf = devices.readBlock(block);
            var h = NodeHeader.verify(buf, block, NODE_TYPE_SNAPSHOTS, maxGeneration);
            var node = new TableNode(block, h.generation(), h.link());
            int at = NODE_HEADER_LENGTH;
            var inNode = new ArrayList<SnapshotRecord>();
            for (int i = 0; i < h.count(); i++) {
                var rec = SnapshotRecord.decode(buf, at, BLOCK_SIZE, block);
                int len = buf.getShort(at) & 0xFFFF;
                buf.get(at, node.data, at, len);
                at += len;
                inNode.add(rec);
            }
            node.used = at;
            node.count = h.count();
            for (int i = inNode.size() - 1; i >= 0; i--) {
                newestFirst.add(inNode.get(i));
            }
            if (block == tailBlock) {
                table.tail = node;
            }
            blocks.add(block);
            block = h.link();
        }
        if (newestFirst.size() != expectedRecords) {
            throw new StoreException.Corruption(tailBlock, "snapshot table record count", expectedRecords, newestFirst.size());
        }
        for (int i = blocks.size() - 1; i >= 0; i--) {
            table.chainBlocks.add(blocks.get(i));
        }
        table.records = newestFirst.size();
        for (SnapshotRecord rec : newestFirst) {
            if (!table.byId.containsKey(rec.id())) {
                table.byId.put(rec.id(), rec);
            }
        }
        for (SnapshotRecord rec : table.byId.values()) {
            table.nextChild.merge(rec.id(), rec.nextChild(), Math::max);
            long[] digits = IdScheme.digits(rec.id());
            table.nextChild.merge(rec.parentId(), (int) digits[digits.length - 1] + 1, Math::max);
            if (!rec.deleted()) {
                table.live.add(rec.id());
                table.liveByName.put(rec.name(), rec);
            }
        }
        return table;
    }

    NavigableSet<Long> live() {
        return live;
    }

    boolean isLive(long id) {
        return live.contains(id);
    }

    SnapshotRecord byName(String name) {
        return liveByName.get(name);
    }

    SnapshotRecord byId(long id) {
        return byId.get(id);
    }

    Collection<SnapshotRecord> liveRecords() {
        return liveByName.values();
    }

    int liveCount() {
        return live.size();
    }

    int nextChild(long id) {
        return nextChild.getOrDefault(id, 0);
    }

    /** First id a future child of {@code id} gets: see {@link IdScheme#futureStart}. */
    long futureStart(long id) {
        return IdScheme.futureStart(id, nextChild(id));
    }

    /** The next id for a snapshot of {@code parentId}, reserving it; InvalidRequest when the id space says no. */
    long allocateChild(long parentId, String parentName) {
        int k = nextChild(parentId);
        if (!IdScheme.canHaveChild(parentId, k)) {
            throw new StoreException.InvalidRequest((parentName == null ? "the origin" : "snapshot '" + parentName + "'")
                    + " cannot take another snapshot: its id " + IdScheme.format(parentId) + " uses "
                    + IdScheme.pathBits(parentId) + " of 64 bits and child number " + k + " needs "
                    + IdScheme.codeLength(k) + " more (FORMAT.md, \"Snapshot ids\": nesting depth limit)");
        }
        nextChild.put(parentId, k + 1);
        return IdScheme.child(parentId, k);
    }

    int originNextChild() {
        return nextChild(IdScheme.ORIGIN);
    }

    void add(SnapshotRecord rec, NodeStore blocks, BlockAllocator allocator) {
        append(rec, blocks, allocator);
        byId.put(rec.id(), rec);
        live.add(rec.id());
        liveByName.put(rec.name(), rec);
    }

    void markDeleted(SnapshotRecord rec, NodeStore blocks, BlockAllocator allocator) {
        var deleted = new SnapshotRecord(rec.id(), rec.parentId(), rec.name(), rec.parentName(), rec.createdMillis(),
                rec.readOnly(), true, nextChild(rec.id()));
        append(deleted, blocks, allocator);
        byId.put(rec.id(), deleted);
        live.remove(rec.id());
        liveByName.remove(rec.name());
    }

    /**
     * Rewrites the chain when stale records outnumber current ones (dropping deleted snapshots
     * when {@code dropDeleted}, i.e. the sweep is idle) and the allocator can spare the blocks.
     */
    void compactIfWorthIt(boolean dropDeleted, NodeStore blocks, BlockAllocator allocator) {
        int keep = dropDeleted ? live.size() : byId.size();
        if (records <= 2L * keep + 64) {
            return;
        }
        long needed = (long) keep * 300 / (BLOCK_SIZE - NODE_HEADER_LENGTH) + 2;
        if (!allocator.canAllocate(needed, false)) {
            return;
        }
        for (long b : chainBlocks) {
            allocator.freeLater(b, 1, blocks.txn());
        }
        chainBlocks.clear();
        dirty.clear();
        tail = null;
        records = 0;
        if (dropDeleted) {
            byId.values().removeIf(SnapshotRecord::deleted);
        }
        for (SnapshotRecord rec : byId.values()) {
            var current = new SnapshotRecord(rec.id(), rec.parentId(), rec.name(), rec.parentName(), rec.createdMillis(),
                    rec.readOnly(), rec.deleted(), nextChild(rec.id()));
            append(current, blocks, allocator);
        }
    }

    private void append(SnapshotRecord rec, NodeStore blocks, BlockAllocator allocator) {
        byte[] bytes = rec.encode();
        long txn = blocks.txn();
        if (tail == null || tail.used + bytes.length > BLOCK_SIZE) {
            var node = new TableNode(blocks.allocate(), txn, tail == null ? 0 : tail.block);
            chainBlocks.add(node.block);
            tail = node;
            dirty.add(node);
        } else if (tail.generation != txn) {
            var copy = new TableNode(blocks.allocate(), txn, tail.link);
            System.arraycopy(tail.data, 0, copy.data, 0, tail.used);
            copy.used = tail.used;
            copy.count = tail.count;
            allocator.freeLater(tail.block, 1, txn);
            chainBlocks.set(chainBlocks.size() - 1, copy.block);
            tail = copy;
            dirty.add(copy);
        }
        System.arraycopy(bytes, 0, tail.data, tail.used, bytes.length);
        tail.used += bytes.length;
        tail.count++;
        records++;
    }

    long tailBlock() {
        return tail == null ? 0 : tail.block;
    }

    long records() {
        return records;
    }

    List<Long> chainBlocks() {
        return List.copyOf(chainBlocks);
    }

    /** Whether the block is a table node no commit has written yet. */
    boolean isUnwritten(long block) {
        if (writing.contains(block)) {
            return true;
        }
        for (TableNode n : dirty) {
            if (n.block == block) {
                return true;
            }
        }
        return false;
    }

    boolean hasDirty() {
        return !dirty.isEmpty();
    }

    /** Commit, under the state write lock: the dirty table nodes, encoded and sealed. */
    List<Map.Entry<Long, ByteBuffer>> freeze() {
        var out = new ArrayList<Map.Entry<Long, ByteBuffer>>();
        for (TableNode n : dirty) {
            var buf = ByteBuffer.allocate(BLOCK_SIZE);
            buf.put(NODE_HEADER_LENGTH, n.data, NODE_HEADER_LENGTH, n.used - NODE_HEADER_LENGTH);
            new NodeHeader(NODE_TYPE_SNAPSHOTS, 0, n.count, n.block, n.generation, n.link).writeAndSeal(buf);
            out.add(Map.entry(n.block, buf));
            writing.add(n.block);
        }
        dirty.clear();
        return out;
    }

    /** Commit, after the superblock is durable: the frozen blocks are on disk. */
    void written(List<Map.Entry<Long, ByteBuffer>> frozen) {
        for (Map.Entry<Long, ByteBuffer> f : frozen) {
            writing.remove(f.getKey());
        }
    }

    /** One block of the chain in memory; {@code data} mirrors the block from the header on. */
    private static final class TableNode {
        final long block;
        final long generation;
        final long link;
        final byte[] data = new byte[BLOCK_SIZE];
        int used = NODE_HEADER_LENGTH;
        int count;

        TableNode(long block, long generation, long link) {
            this.block = block;
            this.generation = generation;
            this.link = link;
        }
    }
}
