package org.snaptarget.store.engine;

import static org.snaptarget.store.format.FormatConstants.*;

import java.util.List;
import java.util.NavigableSet;
import org.snaptarget.store.btree.Node;
import org.snaptarget.store.check.CheckSubject;
import org.snaptarget.store.format.NodeHeader;

/** The checker's view of an open pool; valid while the caller holds the state lock. */
final class EngineCheckSubject implements CheckSubject {

    private final EngineState s;

    EngineCheckSubject(EngineState state) {
        this.s = state;
    }

    @Override
    public long originChunks() {
        return s.originChunks();
    }

    @Override
    public long totalBlocks() {
        return s.allocator.totalBlocks();
    }

    @Override
    public int blocksPerChunk() {
        return s.blocksPerChunk;
    }

    @Override
    public long treeRoot() {
        return s.tree.root();
    }

    @Override
    public long entryCount() {
        return s.tree.entryCount();
    }

    @Override
    public Node node(long block, int expectedLevel) {
        return s.nodes.forCheck(block, expectedLevel);
    }

    @Override
    public List<Long> tableBlocks() {
        return s.table.chainBlocks();
    }

    @Override
    public void verifyTableBlock(long block) {
        if (!s.table.isUnwritten(block)) {
            NodeHeader.verify(s.devices.readBlock(block), block, NODE_TYPE_SNAPSHOTS, s.txn);
        }
    }

    @Override
    public int storeChunkReferences(long x) {
        return s.refs(x);
    }

    @Override
    public NavigableSet<Long> liveIds() {
        return s.table.live();
    }

    @Override
    public long futureStart(long id) {
        return s.table.futureStart(id);
    }

    @Override
    public Allocation allocation() {
        synchronized (s.inFlightChunks) {
            var snap = s.allocator.snapshot();
            var pending = new java.util.ArrayList<>(snap.deferred());
            for (long chunk : s.inFlightChunks) {
                pending.add(new long[] {chunk * s.blocksPerChunk, s.blocksPerChunk});
            }
            return new Allocation(snap.bits(), pending);
        }
    }
}
