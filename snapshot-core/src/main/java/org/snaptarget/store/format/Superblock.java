package org.snaptarget.store.format;

import static org.snaptarget.store.format.FormatConstants.*;

import java.nio.ByteBuffer;
import org.snaptarget.store.StoreException;

/**
 * One superblock slot (FORMAT.md, "Superblock"): the root of everything a commit made durable.
 * Commit N writes slot {@code N & 1} after every node it references is durable; open reads both
 * slots and takes the valid one with the higher generation.
 *
 * @param generation      commit number; strictly increasing
 * @param chunkSize       data chunk size in bytes
 * @param originSize      origin size in bytes
 * @param storeSize       store size in bytes
 * @param treeRoot        block of the exception tree's root, 0 for an empty tree
 * @param entryCount      entries in the exception tree
 * @param tableTail       newest block of the snapshot table chain, 0 for none
 * @param tableRecords    records in the snapshot table chain
 * @param originNextChild number the origin's next snapshot gets
 * @param sweepFlags      {@link FormatConstants#SWEEP_ACTIVE}, {@link FormatConstants#SWEEP_WRAP}
 * @param sweepCursor     first chunk the sweep has not examined yet
 * @param sweepStop       with WRAP: the chunk where the wrapped pass ends
 * @param createdMillis   when the pool was formatted
 */
public record Superblock(long generation, int chunkSize, long originSize, long storeSize, long treeRoot,
                         long entryCount, long tableTail, long tableRecords, int originNextChild, int sweepFlags,
                         long sweepCursor, long sweepStop, long createdMillis) {

    /** Encodes into a fresh {@link FormatConstants#SB_LENGTH}-byte buffer, checksum included. */
    public ByteBuffer encode() {
        var b = ByteBuffer.allocate(SB_LENGTH);
        b.putInt(SB_MAGIC_OFFSET, SUPERBLOCK_MAGIC);
        b.putInt(SB_VERSION_OFFSET, FORMAT_VERSION);
        b.putInt(SB_INCOMPAT_OFFSET, 0);
        b.putInt(SB_COMPAT_OFFSET, 0);
        b.putInt(SB_BLOCK_SIZE_OFFSET, BLOCK_SIZE);
        b.putLong(SB_GENERATION_OFFSET, generation);
        b.putInt(SB_CHUNK_SIZE_OFFSET, chunkSize);
        b.putInt(SB_ORIGIN_NEXT_CHILD_OFFSET, originNextChild);
        b.putLong(SB_ORIGIN_SIZE_OFFSET, originSize);
        b.putLong(SB_STORE_SIZE_OFFSET, storeSize);
        b.putLong(SB_TREE_ROOT_OFFSET, treeRoot);
        b.putLong(SB_ENTRY_COUNT_OFFSET, entryCount);
        b.putLong(SB_TABLE_TAIL_OFFSET, tableTail);
        b.putLong(SB_TABLE_RECORDS_OFFSET, tableRecords);
        b.putInt(SB_SWEEP_FLAGS_OFFSET, sweepFlags);
        b.putLong(SB_SWEEP_CURSOR_OFFSET, sweepCursor);
        b.putLong(SB_SWEEP_STOP_OFFSET, sweepStop);
        b.putLong(SB_CREATED_OFFSET, createdMillis);
        b.putInt(SB_CHECKSUM_OFFSET, Checksums.salted(b, SB_MAGIC_OFFSET, SB_LENGTH, SALT_SUPERBLOCK));
        return b;
    }

    /**
     * Decodes and validates one slot.
     *
     * @throws StoreException.Corruption naming the slot's block, the field, expected and actual value
     */
    public static Superblock decode(ByteBuffer b, long block) {
        int magic = b.getInt(SB_MAGIC_OFFSET);
        if (magic != SUPERBLOCK_MAGIC) {
            throw new StoreException.Corruption(block, "superblock magic", hex(SUPERBLOCK_MAGIC), hex(magic));
        }
        int expected = Checksums.salted(b, SB_MAGIC_OFFSET, SB_LENGTH, SALT_SUPERBLOCK);
        int actual = b.getInt(SB_CHECKSUM_OFFSET);
        if (expected != actual) {
            throw new StoreException.Corruption(block, "superblock checksum", hex(expected), hex(actual));
        }
        int version = b.getInt(SB_VERSION_OFFSET);
        if (version != FORMAT_VERSION) {
            throw new StoreException.Corruption(block, "format version", FORMAT_VERSION, version);
        }
        int incompat = b.getInt(SB_INCOMPAT_OFFSET);
        if ((incompat & ~INCOMPAT_FEATURES_KNOWN) != 0) {
            throw new StoreException.Corruption(block, "incompatible feature flags", hex(INCOMPAT_FEATURES_KNOWN), hex(incompat));
        }
        int blockSize = b.getInt(SB_BLOCK_SIZE_OFFSET);
        if (blockSize != BLOCK_SIZE) {
            throw new StoreException.Corruption(block, "block size", BLOCK_SIZE, blockSize);
        }
        return new Superblock(b.getLong(SB_GENERATION_OFFSET), b.getInt(SB_CHUNK_SIZE_OFFSET),
                b.getLong(SB_ORIGIN_SIZE_OFFSET), b.getLong(SB_STORE_SIZE_OFFSET), b.getLong(SB_TREE_ROOT_OFFSET),
                b.getLong(SB_ENTRY_COUNT_OFFSET), b.getLong(SB_TABLE_TAIL_OFFSET), b.getLong(SB_TABLE_RECORDS_OFFSET),
                b.getInt(SB_ORIGIN_NEXT_CHILD_OFFSET), b.getInt(SB_SWEEP_FLAGS_OFFSET), b.getLong(SB_SWEEP_CURSOR_OFFSET),
                b.getLong(SB_SWEEP_STOP_OFFSET), b.getLong(SB_CREATED_OFFSET));
    }

    static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
