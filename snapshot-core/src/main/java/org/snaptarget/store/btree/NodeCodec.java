package org.snaptarget.store.btree;

import static org.snaptarget.store.format.FormatConstants.*;

import java.nio.ByteBuffer;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.format.NodeHeader;

/**
 * Encodes tree nodes into blocks and decodes and verifies them (FORMAT.md, "Leaf node", "Branch
 * node"). Decoding checks the header (checksum, type, own block number, generation), the level
 * the parent expects, the count against the capacity, key order, id ranges and flags; any
 * mismatch is a {@link StoreException.Corruption} naming block, field, expected and actual.
 */
public final class NodeCodec {

    private NodeCodec() {
    }

    public static ByteBuffer encode(Node node) {
        var buf = ByteBuffer.allocate(BLOCK_SIZE);
        int base = NODE_HEADER_LENGTH;
        if (node instanceof LeafNode leaf) {
            for (int i = 0; i < leaf.count; i++, base += LEAF_ENTRY_LENGTH) {
                putU40(buf, base + LEAF_CHUNK_OFFSET, leaf.keyChunk(i));
                buf.putLong(base + LEAF_ID_FROM_OFFSET, leaf.keyFrom(i));
                buf.putLong(base + LEAF_ID_TO_OFFSET, leaf.idTo(i));
                putU40(buf, base + LEAF_STORE_OFFSET, leaf.storeWord(i));
            }
            new NodeHeader(NODE_TYPE_LEAF, 0, leaf.count, leaf.block, leaf.generation, 0).writeAndSeal(buf);
        } else {
            var branch = (BranchNode) node;
            for (int i = 0; i < branch.count; i++, base += BRANCH_ENTRY_LENGTH) {
                putU40(buf, base + BRANCH_CHUNK_OFFSET, branch.keyChunk(i));
                buf.putLong(base + BRANCH_ID_FROM_OFFSET, branch.keyFrom(i));
                putU40(buf, base + BRANCH_CHILD_OFFSET, branch.child(i));
            }
            new NodeHeader(NODE_TYPE_BRANCH, branch.level(), branch.count, branch.block, branch.generation, 0).writeAndSeal(buf);
        }
        return buf;
    }

    /**
     * Decodes the block read from {@code block}.
     *
     * @param expectedLevel the level the parent implies, or -1 for a root (any level)
     */
    public static Node decode(ByteBuffer buf, long block, int expectedLevel, long maxGeneration) {
        int type = buf.get(NODE_TYPE_OFFSET) & 0xFF;
        int expectedType = expectedLevel < 0 ? (type == NODE_TYPE_BRANCH ? NODE_TYPE_BRANCH : NODE_TYPE_LEAF)
                : expectedLevel == 0 ? NODE_TYPE_LEAF : NODE_TYPE_BRANCH;
        var h = NodeHeader.verify(buf, block, expectedType, maxGeneration);
        if (expectedLevel >= 0 && h.level() != expectedLevel) {
            throw new StoreException.Corruption(block, "node level", expectedLevel, h.level());
        }
        if (type == NODE_TYPE_LEAF ? h.level() != 0 : h.level() == 0) {
            throw new StoreException.Corruption(block, "node level", type == NODE_TYPE_LEAF ? "0" : ">0", h.level());
        }
        int base = NODE_HEADER_LENGTH;
        if (type == NODE_TYPE_LEAF) {
            if (h.count() > LEAF_CAPACITY) {
                throw new StoreException.Corruption(block, "leaf entry count", "<= " + LEAF_CAPACITY, h.count());
            }
            var leaf = new LeafNode(block, h.generation());
            for (int i = 0; i < h.count(); i++, base += LEAF_ENTRY_LENGTH) {
                long chunk = getU40(buf, base + LEAF_CHUNK_OFFSET);
                long from = buf.getLong(base + LEAF_ID_FROM_OFFSET);
                long to = buf.getLong(base + LEAF_ID_TO_OFFSET);
                long word = getU40(buf, base + LEAF_STORE_OFFSET);
                if (Long.compareUnsigned(from, to) > 0) {
                    throw new StoreException.Corruption(block, "entry " + i + " id range", "idFrom <= idTo",
                            Long.toHexString(from) + ".." + Long.toHexString(to));
                }
                int flags = (int) (word >>> STORE_CHUNK_BITS);
                if ((flags & ~ENTRY_FLAGS_KNOWN) != 0) {
                    throw new StoreException.Corruption(block, "entry " + i + " flags", "subset of " + ENTRY_FLAGS_KNOWN, flags);
                }
                if (i > 0 && Node.compareKeys(leaf.keyChunk(i - 1), leaf.keyFrom(i - 1), chunk, from) >= 0) {
                    throw new StoreException.Corruption(block, "entry " + i + " key order", "ascending",
                            "(" + chunk + "," + Long.toHexString(from) + ") after (" + leaf.keyChunk(i - 1) + ","
                                    + Long.toHexString(leaf.keyFrom(i - 1)) + ")");
                }
                leaf.setRaw(i, chunk, from, to, word);
                leaf.count = i + 1;
            }
            return leaf;
        }
        if (h.count() < 1 || h.count() > BRANCH_CAPACITY) {
            throw new StoreException.Corruption(block, "branch child count", "1.." + BRANCH_CAPACITY, h.count());
        }
        var branch = new BranchNode(block, h.generation(), h.level());
        for (int i = 0; i < h.count(); i++, base += BRANCH_ENTRY_LENGTH) {
            long chunk = getU40(buf, base + BRANCH_CHUNK_OFFSET);
            long from = buf.getLong(base + BRANCH_ID_FROM_OFFSET);
            long child = getU40(buf, base + BRANCH_CHILD_OFFSET);
            if (child < 2) {
                throw new StoreException.Corruption(block, "child " + i + " block", ">= 2", child);
            }
            if (i > 0 && Node.compareKeys(branch.keyChunk(i - 1), branch.keyFrom(i - 1), chunk, from) >= 0) {
                throw new StoreException.Corruption(block, "separator " + i + " order", "ascending",
                        "(" + chunk + "," + Long.toHexString(from) + ")");
            }
            branch.set(i, chunk, from, child);
            branch.count = i + 1;
        }
        return branch;
    }

    static void putU40(ByteBuffer b, int at, long v) {
        b.put(at, (byte) (v >>> 32));
        b.putInt(at + 1, (int) v);
    }

    static long getU40(ByteBuffer b, int at) {
        return ((b.get(at) & 0xFFL) << 32) | (b.getInt(at + 1) & 0xFFFF_FFFFL);
    }
}
