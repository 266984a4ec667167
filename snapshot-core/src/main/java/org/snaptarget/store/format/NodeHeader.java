package org.snaptarget.store.format;

import static org.snaptarget.store.format.FormatConstants.*;

import java.nio.ByteBuffer;
import org.snaptarget.store.StoreException;

/**
 * The 32-byte header every node block starts with (FORMAT.md, "Node header"), and its
 * verification. The checksum covers bytes [4, 4096) of the block, salted by node type; the
 * header also names the node's own block number (a misdirected or stale write is caught) and the
 * generation (commit) that wrote it.
 *
 * @param type       {@link FormatConstants#NODE_TYPE_LEAF}, {@code _BRANCH} or {@code _SNAPSHOTS}
 * @param level      0 for leaves, height above the leaves for branches
 * @param count      entries or records in the node
 * @param block      the block the node lives in
 * @param generation the commit that wrote it
 * @param link       previous block of a snapshot-table chain (0: none); 0 in tree nodes
 */
public record NodeHeader(int type, int level, int count, long block, long generation, long link) {

    public static int saltOf(int type) {
        return switch (type) {
            case NODE_TYPE_LEAF -> SALT_LEAF;
            case NODE_TYPE_BRANCH -> SALT_BRANCH;
            case NODE_TYPE_SNAPSHOTS -> SALT_SNAPSHOTS;
            default -> throw new IllegalArgumentException("node type " + type);
        };
    }

    /** Writes this header into {@code buf} (a whole block) and seals it with the salted checksum. */
    public void writeAndSeal(ByteBuffer buf) {
        buf.put(NODE_TYPE_OFFSET, (byte) type);
        buf.put(NODE_LEVEL_OFFSET, (byte) level);
        buf.putShort(NODE_COUNT_OFFSET, (short) count);
        buf.putLong(NODE_BLOCK_OFFSET, block);
        buf.putLong(NODE_GENERATION_OFFSET, generation);
        buf.putLong(NODE_LINK_OFFSET, link);
        buf.putInt(NODE_CHECKSUM_OFFSET, Checksums.salted(buf, NODE_TYPE_OFFSET, BLOCK_SIZE, saltOf(type)));
    }

    /**
     * Reads and verifies the header of the block read from {@code block}.
     *
     * @param expectedType  the type the referencing structure says it has
     * @param maxGeneration the newest generation that may exist on disk
     * @throws StoreException.Corruption naming block, field, expected and actual value
     */
    public static NodeHeader verify(ByteBuffer buf, long block, int expectedType, long maxGeneration) {
        int type = buf.get(NODE_TYPE_OFFSET) & 0xFF;
        int expectedSum = Checksums.salted(buf, NODE_TYPE_OFFSET, BLOCK_SIZE, saltOf(expectedType));
        int actualSum = buf.getInt(NODE_CHECKSUM_OFFSET);
        if (type != expectedType) {
            throw new StoreException.Corruption(block, "node type", expectedType, type);
        }
        if (expectedSum != actualSum) {
            throw new StoreException.Corruption(block, "node checksum", Superblock.hex(expectedSum), Superblock.hex(actualSum));
        }
        long own = buf.getLong(NODE_BLOCK_OFFSET);
        if (own != block) {
            throw new StoreException.Corruption(block, "node block number", block, own);
        }
        long generation = buf.getLong(NODE_GENERATION_OFFSET);
        if (generation > maxGeneration || generation < 0) {
            throw new StoreException.Corruption(block, "node generation", "<= " + maxGeneration, generation);
        }
        int count = buf.getShort(NODE_COUNT_OFFSET) & 0xFFFF;
        return new NodeHeader(type, buf.get(NODE_LEVEL_OFFSET) & 0xFF, count, own, generation, buf.getLong(NODE_LINK_OFFSET));
    }
}
