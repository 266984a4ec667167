package org.snaptarget.store.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.alloc.BlockAllocator;
import org.snaptarget.store.btree.Node;
import org.snaptarget.store.btree.NodeCodec;
import org.snaptarget.store.btree.NodeStore;

/**
 * The block manager under the exception tree: where each version of a node lives in memory and
 * how it reaches the disk. A node is in exactly one of three places: {@code dirty} (created or
 * shadowed by the running transaction; changed in place), {@code writing} (frozen by a commit
 * whose writes are in flight; immutable) or the bounded {@link NodeCache} (durable, immutable);
 * anything else is read from the store device and verified ({@link NodeCodec#decode}).
 *
 * <p>Locking: {@code dirty} and {@link #allowReserve} are guarded by the engine's state lock
 * (read lock for lookups, write lock for changes); {@code writing} and the cache are safe on
 * their own. A corrupt node turns the pool read-only before the exception leaves.
 */
final class TransactionalNodeStore implements NodeStore {

    private final EngineState state;
    private final BlockAllocator allocator;
    private final Devices devices;
    private final NodeCache cache;
    private final Map<Long, Node> dirty = new HashMap<>();
    private final Map<Long, Node> writing = new ConcurrentHashMap<>();
    /** Whether allocations of the running operation may use the metadata reserve. */
    boolean allowReserve;

    TransactionalNodeStore(EngineState state, BlockAllocator allocator, Devices devices, int cacheNodes) {
        this.state = state;
        this.allocator = allocator;
        this.devices = devices;
        this.cache = new NodeCache(cacheNodes);
    }

    @Override
    public Node load(long block, int expectedLevel) {
        Node n = dirty.get(block);
        if (n == null) {
            n = writing.get(block);
        }
        if (n == null) {
            n = cache.get(block);
        }
        if (n == null) {
            n = readVerified(block, expectedLevel);
            cache.put(n);
        }
        return n;
    }

    /** Reads a node from the device, bypassing every in-memory copy (the checker's view of the disk). */
    Node readVerified(long block, int expectedLevel) {
        if (block < 2 || block >= allocator.totalBlocks()) {
            state.turnReadOnly("tree references block " + block + " outside the store");
            throw new StoreException.Corruption(block, "node block number", "2.." + (allocator.totalBlocks() - 1), block);
        }
        ByteBuffer buf = devices.readBlock(block);
        try {
            return NodeCodec.decode(buf, block, expectedLevel, state.txn);
        } catch (StoreException.Corruption e) {
            state.turnReadOnly(e.getMessage());
            throw e;
        }
    }

    /** The checker's read: the unwritten in-memory version if any, else the device's, verified. */
    Node forCheck(long block, int expectedLevel) {
        Node n = dirty.get(block);
        if (n == null) {
            n = writing.get(block);
        }
        return n != null ? n : readVerified(block, expectedLevel);
    }

    boolean isDirty(long block) {
        return dirty.containsKey(block);
    }

    @Override
    public long txn() {
        return state.txn;
    }

    @Override
    public long allocate() {
        return allocator.allocateBlock(allowReserve);
    }

    @Override
    public void markDirty(Node node) {
        dirty.put(node.block(), node);
        state.changed = true;
    }

    @Override
    public void release(long block) {
        if (dirty.remove(block) != null) {
            allocator.freeNow(block, 1);
        } else {
            cache.remove(block);
            allocator.freeLater(block, 1, state.txn);
        }
        state.changed = true;
    }

    int dirtyCount() {
        return dirty.size();
    }

    /** Commit, under the state write lock: the dirty nodes become {@code writing}; returns them encoded. */
    List<Frozen> freeze() {
        var out = new ArrayList<Frozen>(dirty.size());
        for (Node n : dirty.values()) {
            writing.put(n.block(), n);
            out.add(new Frozen(n, NodeCodec.encode(n)));
        }
        dirty.clear();
        return out;
    }

    /** Commit, after the superblock is durable: the frozen nodes move to the cache. */
    void written(List<Frozen> frozen) {
        for (Frozen f : frozen) {
            cache.put(f.node());
            writing.remove(f.node().block());
        }
    }

    record Frozen(Node node, ByteBuffer bytes) {
    }
}
