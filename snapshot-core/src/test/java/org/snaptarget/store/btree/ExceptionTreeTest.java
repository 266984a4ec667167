package org.snaptarget.store.btree;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The shadowed B+tree against a TreeMap oracle, on an in-memory node store that records what a
 * commit would write and which blocks were released.
 */
class ExceptionTreeTest {

    /** Node store keeping "disk" nodes as encoded blocks, so loads go through the codec. */
    static final class MemoryNodes implements NodeStore {
        final Map<Long, java.nio.ByteBuffer> disk = new HashMap<>();
        final Map<Long, Node> dirty = new HashMap<>();
        final Set<Long> released = new HashSet<>();
        long txn = 1;
        long next = 2;

        @Override
        public Node load(long block, int expectedLevel) {
            Node n = dirty.get(block);
            if (n != null) {
                return n;
            }
            assertFalse(released.contains(block), "load of released block " + block);
            var buf = disk.get(block);
            assertNotNull(buf, "no block " + block);
            return NodeCodec.decode(buf.duplicate(), block, expectedLevel, txn);
        }

        @Override
        public long txn() {
            return txn;
        }

        @Override
        public long allocate() {
            return next++;
        }

        @Override
        public void markDirty(Node node) {
            dirty.put(node.block(), node);
        }

        @Override
        public void release(long block) {
            dirty.remove(block);
            released.add(block);
        }

        /** Writes the dirty nodes and starts the next transaction; returns how many were written. */
        int commit() {
            int n = dirty.size();
            dirty.values().forEach(node -> disk.put(node.block(), NodeCodec.encode(node)));
            dirty.clear();
            txn++;
            return n;
        }
    }

    record Key(long chunk, long from) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return Node.compareKeys(chunk, from, o.chunk, o.from);
        }
    }

    static List<ExceptionEntry> all(ExceptionTree t) {
        var out = new ArrayList<ExceptionEntry>();
        var c = t.cursor(0, 0);
        for (ExceptionEntry e = c.next(); e != null; e = c.next()) {
            out.add(e);
        }
        return out;
    }

    @Test
    void randomInsertsDeletesAndUpdatesMatchATreeMapAcrossCommits() {
        var nodes = new MemoryNodes();
        var tree = new ExceptionTree(nodes, 0, 0);
        var oracle = new TreeMap<Key, ExceptionEntry>();
        var r = new SplittableRandom(7);
        for (int round = 0; round < 40; round++) {
            for (int i = 0; i < 500; i++) {
                long chunk = r.nextInt(300);
                long from = r.nextLong() & ~0xFFFL;
                var key = new Key(chunk, from);
                int op = r.nextInt(10);
                if (op < 6 && !oracle.containsKey(key)) {
                    var e = ExceptionEntry.mapped(chunk, from, from | 0xFFF, r.nextInt(1 << 20));
                    tree.insert(e);
                    oracle.put(key, e);
                } else if (op < 9 && !oracle.isEmpty()) {
                    var victim = oracle.ceilingKey(key) != null ? oracle.ceilingKey(key) : oracle.firstKey();
                    assertTrue(tree.delete(victim.chunk(), victim.from()));
                    oracle.remove(victim);
                } else if (!oracle.isEmpty()) {
                    var k = oracle.firstKey();
                    var e = ExceptionEntry.unmapped(k.chunk(), k.from(), k.from() | 0xFFF);
                    tree.update(e);
                    oracle.put(k, e);
                }
            }
            assertEquals(List.copyOf(oracle.values()), all(tree), "after round " + round);
            assertEquals(oracle.size(), tree.entryCount());
            if (round % 3 == 0) {
                nodes.commit();
            }
        }
        for (int probe = 0; probe < 2000; probe++) {
            long chunk = r.nextInt(300);
            long from = r.nextLong();
            var expected = oracle.floorEntry(new Key(chunk, from));
            assertEquals(expected == null ? null : expected.getValue(), tree.floor(chunk, from));
        }
        while (!oracle.isEmpty()) {
            var k = oracle.pollFirstEntry().getKey();
            assertTrue(tree.delete(k.chunk(), k.from()));
        }
        assertEquals(0, tree.root(), "an emptied tree has no root");
        assertFalse(tree.delete(1, 1));
    }

    @Test
    void leavesSplitWhenFullAndTheTreeGrowsInHeight() {
        var nodes = new MemoryNodes();
        var tree = new ExceptionTree(nodes, 0, 0);
        for (int i = 0; i < 156; i++) {
            tree.insert(ExceptionEntry.mapped(i, 0, 5, i));
        }
        assertEquals(1, tree.height());
        tree.insert(ExceptionEntry.mapped(1000, 0, 5, 1));
        assertEquals(2, tree.height());
        for (int i = 1001; i < 40_000; i++) {
            tree.insert(ExceptionEntry.mapped(i, 0, 5, i));
        }
        assertEquals(3, tree.height());
        int[] leaves = {0};
        tree.forEachNode(n -> leaves[0] += n instanceof LeafNode ? 1 : 0);
        double perLeaf = tree.entryCount() / (double) leaves[0];
        assertTrue(perLeaf > 0.85 * 156, "ascending inserts pack leaves densely: " + perLeaf + " entries per leaf");
    }

    @Test
    void deletingMostEntriesMergesNodesAndShrinksTheTree() {
        var nodes = new MemoryNodes();
        var tree = new ExceptionTree(nodes, 0, 0);
        var r = new SplittableRandom(3);
        var keys = new ArrayList<Long>();
        for (int i = 0; i < 30_000; i++) {
            long chunk = r.nextLong(1L << 39);
            if (!tree.contains(chunk, 0)) {
                tree.insert(ExceptionEntry.mapped(chunk, 0, 0, 1));
                keys.add(chunk);
            }
        }
        nodes.commit();
        int before = countNodes(tree);
        for (int i = 0; i < keys.size() - 100; i++) {
            assertTrue(tree.delete(keys.get(i), 0));
        }
        assertTrue(countNodes(tree) < before / 20, countNodes(tree) + " nodes left of " + before);
        assertEquals(100, all(tree).size());
        assertTrue(tree.height() <= 2);
    }

    static int countNodes(ExceptionTree t) {
        int[] n = {0};
        t.forEachNode(x -> n[0]++);
        return n[0];
    }

    @Test
    void aChangeAfterACommitShadowsThePathAndLeavesTheCommittedNodesUntouched() {
        var nodes = new MemoryNodes();
        var tree = new ExceptionTree(nodes, 0, 0);
        for (int i = 0; i < 2000; i++) {
            tree.insert(ExceptionEntry.mapped(i, 0, 9, i));
        }
        nodes.commit();
        long oldRoot = tree.root();
        var committed = new HashMap<>(nodes.disk);
        tree.update(ExceptionEntry.mapped(1234, 0, 9, 777));
        assertNotEquals(oldRoot, tree.root(), "the root was shadowed to a new block");
        assertEquals(tree.height(), nodes.dirty.size(), "exactly the root-to-leaf path is dirty");
        assertEquals(tree.height(), nodes.released.size(), "the old path is released");
        assertTrue(nodes.released.contains(oldRoot));
        committed.forEach((block, bytes) -> assertEquals(bytes, nodes.disk.get(block), "committed block " + block + " changed"));
        tree.update(ExceptionEntry.mapped(1235, 0, 9, 778));
        assertEquals(tree.height(), nodes.dirty.size(), "a second change in the same transaction changes the dirty nodes in place");
        var snapshotOfDisk = new MemoryNodes();
        snapshotOfDisk.disk.putAll(committed);
        var oldTree = new ExceptionTree(snapshotOfDisk, oldRoot, 2000);
        assertEquals(1234, oldTree.floor(1234, 0).storeChunk(), "the committed tree still reads the old value");
        assertEquals(777, tree.floor(1234, 0).storeChunk());
    }
}
