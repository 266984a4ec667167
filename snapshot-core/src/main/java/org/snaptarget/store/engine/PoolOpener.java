package org.snaptarget.store.engine;

import static org.snaptarget.store.format.FormatConstants.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.alloc.BlockAllocator;
import org.snaptarget.store.btree.ExceptionEntry;
import org.snaptarget.store.btree.ExceptionTree;
import org.snaptarget.store.btree.BranchNode;
import org.snaptarget.store.btree.LeafNode;
import org.snaptarget.store.btree.Node;
import org.snaptarget.store.format.Superblock;
import org.snaptarget.store.io.StoreFile;

/**
 * Opening a pool (FORMAT.md, "Open"): read both superblock slots, take the valid one with the
 * higher generation, check it against the configuration, load the snapshot table and rebuild
 * the free-space map from every block the durable state references (superblocks, tree nodes,
 * table nodes, data chunks) — so space leaked by a crash is recovered by construction, and a
 * block referenced twice is reported as corruption.
 */
final class PoolOpener {

    record Opened(EngineState state, long generation) {
    }

    private PoolOpener() {
    }

    /** Whether the file holds at least one valid superblock. */
    static boolean holdsPool(StoreFile file) throws IOException {
        if (file.size() < 2L * BLOCK_SIZE) {
            return false;
        }
        for (long slot : new long[] {SUPERBLOCK_SLOT_A, SUPERBLOCK_SLOT_B}) {
            var buf = ByteBuffer.allocate(SB_LENGTH);
            file.read(buf, slot * BLOCK_SIZE);
            try {
                Superblock.decode(buf.clear(), slot);
                return true;
            } catch (StoreException.Corruption e) {
                // not a valid slot
            }
        }
        return false;
    }

    static Opened open(PoolConfig config, EngineOptions options) {
        var fs = config.fileSystem();
        if (!fs.exists(config.storePath())) {
            throw new StoreException.InvalidRequest("store " + config.storePath() + " does not exist");
        }
        if (!fs.exists(config.originPath())) {
            throw new StoreException.InvalidRequest("origin " + config.originPath() + " does not exist");
        }
        StoreFile originFile = null;
        StoreFile storeFile = null;
        try {
            storeFile = fs.open(config.storePath(), false);
            originFile = fs.open(config.originPath(), false);
            var devices = new Devices(originFile, storeFile);
            Superblock sb = newestSuperblock(devices);
            checkAgainstConfig(sb, config);
            var allocator = new BlockAllocator(sb.storeSize() / BLOCK_SIZE, sb.chunkSize() / BLOCK_SIZE);
            var state = new EngineState(sb.chunkSize(), sb.originSize(), sb.storeSize(), sb.createdMillis(), devices,
                    allocator, options.readOnly());
            state.txn = sb.generation() + 1;
            state.nodes = new TransactionalNodeStore(state, allocator, devices, options.cacheNodes());
            state.tree = new ExceptionTree(state.nodes, sb.treeRoot(), sb.entryCount());
            state.table = SnapshotTable.load(devices, sb.tableTail(), sb.tableRecords(), sb.generation(),
                    sb.originNextChild(), allocator.totalBlocks());
            state.sweepFlags = sb.sweepFlags();
            state.sweepCursor = sb.sweepCursor();
            state.sweepStop = sb.sweepStop();
            rebuildAllocation(state);
            return new Opened(state, sb.generation());
        } catch (IOException e) {
            PoolEngine.closeQuietly(originFile, storeFile);
            throw new StoreException.DeviceError("opening pool files failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            PoolEngine.closeQuietly(originFile, storeFile);
            throw e;
        }
    }

    private static Superblock newestSuperblock(Devices devices) {
        Superblock best = null;
        var why = new StringBuilder();
        for (long slot : new long[] {SUPERBLOCK_SLOT_A, SUPERBLOCK_SLOT_B}) {
            try {
                var sb = Superblock.decode(devices.readBlock(slot), slot);
                if (best == null || sb.generation() > best.generation()) {
                    best = sb;
                }
            } catch (StoreException.Corruption e) {
                why.append(" slot ").append(slot).append(": ").append(e.getMessage()).append(';');
            }
        }
        if (best == null) {
            throw new StoreException.Corruption("no valid superblock:" + why);
        }
        return best;
    }

    private static void checkAgainstConfig(Superblock sb, PoolConfig c) {
        if (c.chunkSize() != 0 && c.chunkSize() != sb.chunkSize()) {
            throw new StoreException.InvalidRequest("chunk size " + c.chunkSize() + " does not match the pool's " + sb.chunkSize());
        }
        if (c.originSize() != 0 && c.originSize() != sb.originSize()) {
            throw new StoreException.InvalidRequest("origin size " + c.originSize() + " does not match the pool's " + sb.originSize());
        }
        if (c.storeSize() != 0 && c.storeSize() != sb.storeSize()) {
            throw new StoreException.InvalidRequest("store size " + c.storeSize() + " does not match the pool's " + sb.storeSize());
        }
    }

    private static void rebuildAllocation(EngineState s) {
        var a = s.allocator;
        a.markUsed(SUPERBLOCK_SLOT_A);
        a.markUsed(SUPERBLOCK_SLOT_B);
        for (long b : s.table.chainBlocks()) {
            if (!a.markUsed(b)) {
                throw corrupt(s, b, "snapshot table block", "referenced once", "referenced twice");
            }
        }
        walk(s, s.tree.root(), -1, new HashSet<>(), new long[] {-1});
    }

    /**
     * Marks a subtree's blocks used. A node that fails verification turns the pool read-only and
     * its subtree is skipped, so the intact rest stays readable; a block referenced twice is
     * corruption that stops the open (the map would be wrong for writes and reads alike).
     */
    private static void walk(EngineState s, long block, int level, HashSet<Long> ofChunk, long[] current) {
        if (block == 0) {
            return;
        }
        Node node;
        try {
            node = s.nodes.load(block, level);
        } catch (StoreException.Corruption e) {
            return;
        }
        if (!s.allocator.markUsed(node.block())) {
            throw corrupt(s, node.block(), "tree node block", "referenced once", "referenced twice");
        }
        if (node instanceof BranchNode b) {
            for (int i = 0; i < b.count(); i++) {
                walk(s, b.child(i), b.level() - 1, ofChunk, current);
            }
            return;
        }
        var leaf = (LeafNode) node;
        for (int i = 0; i < leaf.count(); i++) {
            ExceptionEntry e = leaf.entry(i);
            if (e.chunk() != current[0]) {
                current[0] = e.chunk();
                ofChunk.clear();
            }
            if (e.unmapped()) {
                continue;
            }
            if (!ofChunk.add(e.storeChunk())) {
                s.setRefs(e.storeChunk(), s.refs(e.storeChunk()) + 1);
                continue;
            }
            if (!s.allocator.markChunkUsed(e.storeChunk())) {
                throw corrupt(s, node.block(), "entry " + i + " store chunk " + e.storeChunk(),
                        "free and inside the store", "already in use or out of range");
            }
        }
    }

    private static StoreException.Corruption corrupt(EngineState s, long block, String field, Object expected, Object actual) {
        s.turnReadOnly("block " + block + ": " + field);
        return new StoreException.Corruption(block, field, expected, actual);
    }
}
