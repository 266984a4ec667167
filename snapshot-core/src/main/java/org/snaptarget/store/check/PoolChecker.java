package org.snaptarget.store.check;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import org.snaptarget.store.CheckReport;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.btree.BranchNode;
import org.snaptarget.store.btree.ExceptionEntry;
import org.snaptarget.store.btree.LeafNode;
import org.snaptarget.store.btree.Node;
import org.snaptarget.store.engine.EngineOptions;
import org.snaptarget.store.engine.PoolEngine;
import org.snaptarget.store.format.FormatConstants;
import org.snaptarget.store.format.IdScheme;

/**
 * The invariant checker (FORMAT.md, "Invariants"). It walks the whole pool and reports every
 * violation it finds, each with its location:
 * <ol>
 * <li>every node and table block passes its checksum, type, own-block and generation checks;</li>
 * <li>keys ascend within every node and lie within the separators of the path to it; all
 * leaves are at one depth; the entry count matches the superblock's;</li>
 * <li>per chunk, id ranges never overlap; chunks lie inside the origin, store chunks inside the
 * store, unmapped entries carry no store chunk; no entry reaches into the origin's own range;</li>
 * <li>every live device's view resolves: no live snapshot's own range [futureStart, id] is cut by
 * an entry boundary (so it and its future children read one version);</li>
 * <li>the allocation map equals the referenced blocks plus the blocks awaiting a deferred free:
 * no leak, no block used twice, no referenced block marked free.</li>
 * </ol>
 */
public final class PoolChecker {

    private final CheckSubject p;
    private final List<String> problems = new ArrayList<>();
    private final BitSet referenced = new BitSet();
    private long nodes;
    private long entries;
    private int leafDepth = -1;
    private ExceptionEntry previous;
    /** Store chunk -> the data chunk whose entries reference it. */
    private final Map<Long, Long> storeOwner = new HashMap<>();
    /** Store chunk -> entries referencing it. */
    private final Map<Long, Integer> storeRefs = new HashMap<>();

    private PoolChecker(CheckSubject subject) {
        this.p = subject;
    }

    /** Checks an open pool (the caller holds its state lock). */
    public static CheckReport check(CheckSubject subject) {
        var c = new PoolChecker(subject);
        c.run();
        return new CheckReport(c.problems, c.nodes, c.entries);
    }

    /** Checks a closed pool's files without changing them. */
    public static CheckReport checkOffline(PoolConfig config) {
        try (Pool pool = PoolEngine.open(config, EngineOptions.defaults().asReadOnly())) {
            return pool.check();
        } catch (StoreException.Corruption e) {
            return new CheckReport(List.of(e.getMessage()), 0, 0);
        }
    }

    private void run() {
        use(FormatConstants.SUPERBLOCK_SLOT_A, "superblock A");
        use(FormatConstants.SUPERBLOCK_SLOT_B, "superblock B");
        for (long b : p.tableBlocks()) {
            use(b, "snapshot table block");
            try {
                p.verifyTableBlock(b);
            } catch (StoreException.Corruption e) {
                problems.add(e.getMessage());
            }
        }
        if (p.treeRoot() != 0) {
            walk(p.treeRoot(), -1, 0, null, null);
        }
        if (entries != p.entryCount()) {
            problems.add("tree holds " + entries + " entries, the superblock says " + p.entryCount());
        }
        checkAllocation();
        storeRefs.forEach((x, n) -> {
            int believed = p.storeChunkReferences(x);
            if (believed != n) {
                problems.add("store chunk " + x + ": " + n + " entries reference it, the engine counts " + believed);
            }
        });
    }

    private void walk(long block, int expectedLevel, int depth, long[] low, long[] high) {
        Node n;
        try {
            n = p.node(block, expectedLevel);
        } catch (StoreException.Corruption e) {
            problems.add(e.getMessage());
            return;
        }
        nodes++;
        use(block, "tree node");
        for (int i = 0; i < n.count(); i++) {
            long c = n.keyChunk(i);
            long f = n.keyFrom(i);
            if (i > 0 && Node.compareKeys(n.keyChunk(i - 1), n.keyFrom(i - 1), c, f) >= 0) {
                problems.add("block " + block + ": key " + i + " not above key " + (i - 1));
            }
            boolean firstOfBranch = n instanceof BranchNode && i == 0;
            if (!firstOfBranch && low != null && Node.compareKeys(c, f, low[0], low[1]) < 0) {
                problems.add("block " + block + ": key " + i + " (" + c + "," + Long.toHexString(f) + ") below its separator");
            }
            if (high != null && Node.compareKeys(c, f, high[0], high[1]) >= 0) {
                problems.add("block " + block + ": key " + i + " (" + c + "," + Long.toHexString(f) + ") not below the next separator");
            }
        }
        if (n instanceof BranchNode b) {
            for (int i = 0; i < b.count(); i++) {
                long[] lo = i == 0 ? low : new long[] {b.keyChunk(i), b.keyFrom(i)};
                long[] hi = i + 1 < b.count() ? new long[] {b.keyChunk(i + 1), b.keyFrom(i + 1)} : high;
                walk(b.child(i), b.level() - 1, depth + 1, lo, hi);
            }
            return;
        }
        if (leafDepth < 0) {
            leafDepth = depth;
        } else if (leafDepth != depth) {
            problems.add("block " + block + ": leaf at depth " + depth + ", others at " + leafDepth);
        }
        var leaf = (LeafNode) n;
        for (int i = 0; i < leaf.count(); i++) {
            checkEntry(block, i, leaf.entry(i));
        }
    }

    private void checkEntry(long block, int i, ExceptionEntry e) {
        entries++;
        String at = "block " + block + " entry " + i + " (" + e + ")";
        if (e.chunk() >= p.originChunks()) {
            problems.add(at + ": chunk beyond the origin's " + p.originChunks() + " chunks");
        }
        if (previous != null && previous.chunk() == e.chunk()
                && Long.compareUnsigned(previous.idTo(), e.idFrom()) >= 0) {
            problems.add(at + ": id range overlaps the previous entry's, which ends at " + Long.toHexString(previous.idTo()));
        }
        previous = e;
        long originFuture = p.futureStart(IdScheme.ORIGIN);
        if (Long.compareUnsigned(e.idTo(), originFuture) >= 0) {
            problems.add(at + ": reaches the origin's own range from " + Long.toHexString(originFuture));
        }
        if (e.unmapped()) {
            if (e.storeChunk() != 0) {
                problems.add(at + ": unmapped entry names store chunk " + e.storeChunk());
            }
        } else {
            long chunks = p.totalBlocks() / p.blocksPerChunk();
            if (e.storeChunk() >= chunks) {
                problems.add(at + ": store chunk beyond the store's " + chunks + " chunks");
            } else {
                storeRefs.merge(e.storeChunk(), 1, Integer::sum);
                Long owner = storeOwner.putIfAbsent(e.storeChunk(), e.chunk());
                if (owner == null) {
                    long first = e.storeChunk() * p.blocksPerChunk();
                    for (int k = 0; k < p.blocksPerChunk(); k++) {
                        use(first + k, "data chunk " + e.storeChunk());
                    }
                } else if (owner != e.chunk()) {
                    problems.add(at + ": store chunk " + e.storeChunk() + " also used by chunk " + owner);
                }
            }
        }
        checkBoundary(at, e.idFrom(), true);
        if (e.idTo() != -1L) {
            checkBoundary(at, e.idTo() + 1, false);
        }
    }

    /** No live device's own range may straddle an entry boundary at {@code boundary}. */
    private void checkBoundary(String at, long boundary, boolean start) {
        NavigableSet<Long> live = p.liveIds();
        Long x = live.ceiling(boundary);
        if (x == null || boundary == 0) {
            return;
        }
        long fs = p.futureStart(x);
        if (Long.compareUnsigned(fs, boundary) < 0) {
            problems.add(at + ": its " + (start ? "start" : "end") + " cuts snapshot " + IdScheme.format(x)
                    + "'s own range from " + Long.toHexString(fs));
        }
    }

    private void use(long block, String what) {
        if (block < 0 || block >= p.totalBlocks()) {
            problems.add(what + " at block " + block + " lies outside the store's " + p.totalBlocks() + " blocks");
            return;
        }
        if (referenced.get((int) block)) {
            problems.add(what + " at block " + block + " is also used by something else");
        }
        referenced.set((int) block);
    }

    private void checkAllocation() {
        var allocation = p.allocation();
        long[] bits = allocation.bits();
        var deferred = new BitSet();
        for (long[] run : allocation.pending()) {
            for (long b = run[0]; b < run[0] + run[1]; b++) {
                if (referenced.get((int) b)) {
                    problems.add("block " + b + " is referenced but waits to be freed");
                }
                deferred.set((int) b);
            }
        }
        long total = p.totalBlocks();
        int reported = 0;
        for (long b = 0; b < total && reported < 20; b++) {
            boolean allocated = (bits[(int) (b >>> 6)] & (1L << b)) != 0;
            boolean expected = referenced.get((int) b) || deferred.get((int) b);
            if (allocated != expected) {
                problems.add("block " + b + ": allocation map says " + (allocated ? "used" : "free") + " but it is "
                        + (expected ? "referenced" : "unreferenced (a leak)"));
                reported++;
            }
        }
    }
}
