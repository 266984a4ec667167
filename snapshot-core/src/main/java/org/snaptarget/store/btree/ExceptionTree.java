package org.snaptarget.store.btree;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The exception tree: a copy-on-write (shadowed) B+tree of {@link ExceptionEntry} keyed by
 * (chunk, idFrom) (FORMAT.md, "Exception tree"). Entries of one chunk are adjacent in key order
 * and may span leaves.
 *
 * <p>Shadowing: a change first makes every node on the root-to-leaf path writable in the running
 * transaction ({@link #writable}): a node written by an earlier commit is copied to a new block
 * and its old block released (freed once that commit is durable); a node already private to
 * the transaction is changed in place. So the durable tree is never modified, and a commit only
 * has to write the dirty nodes and then a superblock naming the new {@link #root}.
 *
 * <p>Key 0 of a branch is kept a lower bound of its whole subtree (an insert below it lowers
 * it), so separators stay strictly ascending through every split, merge and redistribution.
 *
 * <p>Balance: an overflowing leaf first shifts entries into a neighbour with room; else it
 * splits (at 9/10 when the insert was an append, so ascending loads pack densely, else in half); a node that falls below a quarter full
 * is merged with or refilled from a sibling; a branch root with one child is removed.
 *
 * <p>Not thread-safe: the engine's state lock guards every call (readers shared, writers
 * exclusive), because nodes private to the running transaction change in place.
 */
public final class ExceptionTree {

    private final NodeStore store;
    private long root;
    private long entries;

    public ExceptionTree(NodeStore store, long root, long entries) {
        this.store = store;
        this.root = root;
        this.entries = entries;
    }

    public long root() {
        return root;
    }

    public long entryCount() {
        return entries;
    }

    /** Every entry of {@code chunk}, in idFrom order. */
    public List<ExceptionEntry> entriesOf(long chunk) {
        var out = new ArrayList<ExceptionEntry>(4);
        var c = cursor(chunk, 0);
        for (ExceptionEntry e = c.next(); e != null && e.chunk() == chunk; e = c.next()) {
            out.add(e);
        }
        return out;
    }

    /** The entry with the greatest key <= (chunk, from), or null. */
    public ExceptionEntry floor(long chunk, long from) {
        if (root == 0) {
            return null;
        }
        Node n = store.load(root, -1);
        BranchNode fallback = null;
        int fallbackIndex = -1;
        while (n instanceof BranchNode b) {
            int i = b.childIndexFor(chunk, from);
            if (i > 0) {
                fallback = b;
                fallbackIndex = i - 1;
            }
            n = store.load(b.child(i), b.level() - 1);
        }
        var leaf = (LeafNode) n;
        int pos = leaf.lowerBound(chunk, from);
        if (pos < leaf.count && leaf.keyChunk(pos) == chunk && leaf.keyFrom(pos) == from) {
            return leaf.entry(pos);
        }
        if (pos > 0) {
            return leaf.entry(pos - 1);
        }
        if (fallback == null) {
            return null;
        }
        Node m = store.load(fallback.child(fallbackIndex), fallback.level() - 1);
        while (m instanceof BranchNode b) {
            m = store.load(b.child(b.count - 1), b.level() - 1);
        }
        var last = (LeafNode) m;
        return last.count == 0 ? null : last.entry(last.count - 1);
    }

    /** A cursor positioned at the first entry with key >= (chunk, from). */
    public Cursor cursor(long chunk, long from) {
        return new Cursor(chunk, from);
    }

    /** Visits every node, parents before children. */
    public void forEachNode(Consumer<Node> visitor) {
        if (root != 0) {
            visit(store.load(root, -1), visitor);
        }
    }

    private void visit(Node n, Consumer<Node> visitor) {
        visitor.accept(n);
        if (n instanceof BranchNode b) {
            for (int i = 0; i < b.count; i++) {
                visit(store.load(b.child(i), b.level() - 1), visitor);
            }
        }
    }

    /** Height in levels (0 for an empty tree, 1 for a single leaf). */
    public int height() {
        return root == 0 ? 0 : store.load(root, -1).level() + 1;
    }

    /** Inserts an entry whose key is not present. */
    public void insert(ExceptionEntry e) {
        if (root == 0) {
            var leaf = new LeafNode(store.allocate(), store.txn());
            store.markDirty(leaf);
            leaf.openSlot(0);
            leaf.set(0, e);
            root = leaf.block;
            entries++;
            return;
        }
        var path = new ArrayList<BranchNode>();
        var idx = new ArrayList<Integer>();
        LeafNode leaf = descendForWrite(e.chunk(), e.idFrom(), path, idx);
        int pos = leaf.lowerBound(e.chunk(), e.idFrom());
        if (pos < leaf.count && leaf.keyChunk(pos) == e.chunk() && leaf.keyFrom(pos) == e.idFrom()) {
            throw new IllegalStateException("duplicate key: " + e);
        }
        leaf.openSlot(pos);
        leaf.set(pos, e);
        entries++;
        splitUp(leaf, path, idx, pos == leaf.count - 1);
    }

    /** Replaces the value of the entry with the same key, which must exist. */
    public void update(ExceptionEntry e) {
        var path = new ArrayList<BranchNode>();
        var idx = new ArrayList<Integer>();
        LeafNode leaf = descendForWrite(e.chunk(), e.idFrom(), path, idx);
        int pos = leaf.lowerBound(e.chunk(), e.idFrom());
        if (pos >= leaf.count || leaf.keyChunk(pos) != e.chunk() || leaf.keyFrom(pos) != e.idFrom()) {
            throw new IllegalStateException("no entry to update: " + e);
        }
        leaf.set(pos, e);
    }

    /** Removes the entry with this key; false if there is none. */
    public boolean delete(long chunk, long idFrom) {
        if (!contains(chunk, idFrom)) {
            return false;
        }
        var path = new ArrayList<BranchNode>();
        var idx = new ArrayList<Integer>();
        LeafNode leaf = descendForWrite(chunk, idFrom, path, idx);
        int pos = leaf.lowerBound(chunk, idFrom);
        leaf.removeSlot(pos);
        entries--;
        rebalance(leaf, path, idx);
        collapseRoot();
        return true;
    }

    public boolean contains(long chunk, long idFrom) {
        var e = cursor(chunk, idFrom).next();
        return e != null && e.chunk() == chunk && e.idFrom() == idFrom;
    }

    private Node writable(Node n) {
        long txn = store.txn();
        if (n.generation == txn) {
            return n;
        }
        Node copy = n.copyTo(store.allocate(), txn);
        store.markDirty(copy);
        store.release(n.block);
        return copy;
    }

    private LeafNode descendForWrite(long chunk, long from, List<BranchNode> path, List<Integer> idx) {
        Node n = writable(store.load(root, -1));
        root = n.block;
        while (n instanceof BranchNode b) {
            int i = b.childIndexFor(chunk, from);
            if (i == 0 && Node.compareKeys(chunk, from, b.keyChunk(0), b.keyFrom(0)) < 0) {
                b.cols[0][0] = chunk;
                b.cols[1][0] = from;
            }
            Node child = writable(store.load(b.child(i), b.level() - 1));
            b.setChild(i, child.block);
            path.add(b);
            idx.add(i);
            n = child;
        }
        return (LeafNode) n;
    }

    private Node newLike(Node n) {
        Node fresh = n instanceof LeafNode ? new LeafNode(store.allocate(), store.txn())
                : new BranchNode(store.allocate(), store.txn(), n.level());
        store.markDirty(fresh);
        return fresh;
    }

    private void splitUp(Node node, List<BranchNode> path, List<Integer> idx, boolean appended) {
        Node cur = node;
        if (cur.count > cur.capacity() && !path.isEmpty() && shiftToSibling((LeafNode) cur, path.getLast(), idx.getLast())) {
            return;
        }
        for (int k = path.size() - 1; cur.count > cur.capacity(); k--) {
            int at = appended && cur instanceof LeafNode ? cur.count - cur.count / 10 : cur.count / 2;
            Node right = newLike(cur);
            cur.moveTail(at, right);
            if (k < 0) {
                var newRoot = new BranchNode(store.allocate(), store.txn(), cur.level() + 1);
                store.markDirty(newRoot);
                newRoot.openSlot(0);
                newRoot.set(0, cur.keyChunk(0), cur.keyFrom(0), cur.block);
                newRoot.openSlot(1);
                newRoot.set(1, right.keyChunk(0), right.keyFrom(0), right.block);
                root = newRoot.block;
                return;
            }
            BranchNode parent = path.get(k);
            int i = idx.get(k);
            parent.openSlot(i + 1);
            parent.set(i + 1, right.keyChunk(0), right.keyFrom(0), right.block);
            cur = parent;
        }
    }

    /**
     * An overflowing leaf first hands entries to a sibling with room (B*-tree style), so leaves
     * stay about three quarters full under any insert pattern; only when both neighbours are
     * (nearly) full does it split.
     */
    private boolean shiftToSibling(LeafNode leaf, BranchNode parent, int i) {
        int cap = leaf.capacity();
        if (i > 0) {
            Node left = store.load(parent.child(i - 1), 0);
            if (left.count < cap - 8) {
                left = writable(left);
                parent.setChild(i - 1, left.block);
                leaf.moveHead((leaf.count - left.count + 1) / 2, left);
                parent.cols[0][i] = leaf.keyChunk(0);
                parent.cols[1][i] = leaf.keyFrom(0);
                return true;
            }
        }
        if (i + 1 < parent.count) {
            Node right = store.load(parent.child(i + 1), 0);
            if (right.count < cap - 8) {
                right = writable(right);
                parent.setChild(i + 1, right.block);
                leaf.moveTailToFront((leaf.count - right.count + 1) / 2, right);
                parent.cols[0][i + 1] = right.keyChunk(0);
                parent.cols[1][i + 1] = right.keyFrom(0);
                return true;
            }
        }
        return false;
    }

    private void rebalance(Node node, List<BranchNode> path, List<Integer> idx) {
        Node cur = node;
        for (int k = path.size() - 1; k >= 0 && cur.count < cur.capacity() / 4; k--) {
            BranchNode parent = path.get(k);
            int i = idx.get(k);
            if (parent.count < 2) {
                return;
            }
            int j = i > 0 ? i - 1 : i + 1;
            Node sibling = writable(store.load(parent.child(j), cur.level()));
            parent.setChild(j, sibling.block);
            Node left = j < i ? sibling : cur;
            Node right = j < i ? cur : sibling;
            int ri = Math.max(i, j);
            if (right instanceof BranchNode) {
                right.cols[0][0] = parent.keyChunk(ri);
                right.cols[1][0] = parent.keyFrom(ri);
            }
            if (left.count + right.count <= left.capacity()) {
                right.moveHead(right.count, left);
                parent.removeSlot(ri);
                store.release(right.block);
            } else {
                int target = (left.count + right.count) / 2;
                if (left.count < target) {
                    right.moveHead(target - left.count, left);
                } else {
                    left.moveTailToFront(left.count - target, right);
                }
                parent.cols[0][ri] = right.keyChunk(0);
                parent.cols[1][ri] = right.keyFrom(0);
            }
            cur = parent;
        }
    }

    private void collapseRoot() {
        Node r = store.load(root, -1);
        while (r instanceof BranchNode b && b.count == 1) {
            root = b.child(0);
            store.release(b.block);
            r = store.load(root, b.level() - 1);
        }
        if (r.count == 0) {
            store.release(r.block);
            root = 0;
        }
    }

    /** Forward iteration in key order from a start key; valid until the tree changes. */
    public final class Cursor {
        private final List<BranchNode> path = new ArrayList<>();
        private final List<Integer> idx = new ArrayList<>();
        private LeafNode leaf;
        private int pos;

        private Cursor(long chunk, long from) {
            if (root == 0) {
                return;
            }
            Node n = store.load(root, -1);
            while (n instanceof BranchNode b) {
                int i = b.childIndexFor(chunk, from);
                path.add(b);
                idx.add(i);
                n = store.load(b.child(i), b.level() - 1);
            }
            leaf = (LeafNode) n;
            pos = leaf.lowerBound(chunk, from);
        }

        /** The next entry, or null at the end. */
        public ExceptionEntry next() {
            if (leaf == null) {
                return null;
            }
            while (pos >= leaf.count) {
                if (!nextLeaf()) {
                    leaf = null;
                    return null;
                }
            }
            return leaf.entry(pos++);
        }

        private boolean nextLeaf() {
            int k = path.size() - 1;
            while (k >= 0 && idx.get(k) + 1 >= path.get(k).count) {
                path.remove(k);
                idx.remove(k);
                k--;
            }
            if (k < 0) {
                return false;
            }
            idx.set(k, idx.get(k) + 1);
            Node n = store.load(path.get(k).child(idx.get(k)), path.get(k).level() - 1);
            while (n instanceof BranchNode b) {
                path.add(b);
                idx.add(0);
                n = store.load(b.child(0), b.level() - 1);
            }
            leaf = (LeafNode) n;
            pos = 0;
            return true;
        }
    }
}
