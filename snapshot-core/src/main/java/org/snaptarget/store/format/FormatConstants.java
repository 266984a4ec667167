package org.snaptarget.store.format;

/**
 * The on-disk format of a pool's store device, version {@value #FORMAT_VERSION}: the one Java
 * mirror of {@code snapshot-core/FORMAT.md}. Every field is given as a chained pair
 * {@code X_OFFSET} / {@code X_LENGTH} (bytes, big-endian), so a field's offset is the previous
 * field's offset plus its length; {@code FormatDocumentTest} parses FORMAT.md's tables and checks
 * that they agree with these values.
 *
 * <p>The store is an array of {@value #BLOCK_SIZE}-byte blocks. Blocks 0 and 1 hold the two
 * superblock slots; every other block is a tree node, a snapshot-table node or part of a data
 * chunk (a data chunk is {@code chunkSize / BLOCK_SIZE} consecutive blocks, aligned to its size).
 */
public final class FormatConstants {

    private FormatConstants() {
    }

    /** Version history: 1 — first format (2026-11). */
    public static final int FORMAT_VERSION = 1;
    /** No incompatible features are defined in version 1; a set bit makes open fail. */
    public static final int INCOMPAT_FEATURES_KNOWN = 0;

    public static final int BLOCK_SIZE = 4096;
    public static final int MIN_CHUNK_SIZE = 4096;
    public static final int MAX_CHUNK_SIZE = 1 << 20;

    public static final long SUPERBLOCK_SLOT_A = 0;
    public static final long SUPERBLOCK_SLOT_B = 1;
    /** ASCII "SNPT". */
    public static final int SUPERBLOCK_MAGIC = 0x534E5054;

    // ---- superblock (first 512 bytes of blocks 0 and 1; the rest of the block is zero) ----
    public static final int SB_CHECKSUM_OFFSET = 0;
    public static final int SB_CHECKSUM_LENGTH = 4;
    public static final int SB_MAGIC_OFFSET = SB_CHECKSUM_OFFSET + SB_CHECKSUM_LENGTH;
    public static final int SB_MAGIC_LENGTH = 4;
    public static final int SB_VERSION_OFFSET = SB_MAGIC_OFFSET + SB_MAGIC_LENGTH;
    public static final int SB_VERSION_LENGTH = 4;
    public static final int SB_INCOMPAT_OFFSET = SB_VERSION_OFFSET + SB_VERSION_LENGTH;
    public static final int SB_INCOMPAT_LENGTH = 4;
    public static final int SB_COMPAT_OFFSET = SB_INCOMPAT_OFFSET + SB_INCOMPAT_LENGTH;
    public static final int SB_COMPAT_LENGTH = 4;
    public static final int SB_BLOCK_SIZE_OFFSET = SB_COMPAT_OFFSET + SB_COMPAT_LENGTH;
    public static final int SB_BLOCK_SIZE_LENGTH = 4;
    public static final int SB_GENERATION_OFFSET = SB_BLOCK_SIZE_OFFSET + SB_BLOCK_SIZE_LENGTH;
    public static final int SB_GENERATION_LENGTH = 8;
    public static final int SB_CHUNK_SIZE_OFFSET = SB_GENERATION_OFFSET + SB_GENERATION_LENGTH;
    public static final int SB_CHUNK_SIZE_LENGTH = 4;
    public static final int SB_ORIGIN_NEXT_CHILD_OFFSET = SB_CHUNK_SIZE_OFFSET + SB_CHUNK_SIZE_LENGTH;
    public static final int SB_ORIGIN_NEXT_CHILD_LENGTH = 4;
    public static final int SB_ORIGIN_SIZE_OFFSET = SB_ORIGIN_NEXT_CHILD_OFFSET + SB_ORIGIN_NEXT_CHILD_LENGTH;
    public static final int SB_ORIGIN_SIZE_LENGTH = 8;
    public static final int SB_STORE_SIZE_OFFSET = SB_ORIGIN_SIZE_OFFSET + SB_ORIGIN_SIZE_LENGTH;
    public static final int SB_STORE_SIZE_LENGTH = 8;
    public static final int SB_TREE_ROOT_OFFSET = SB_STORE_SIZE_OFFSET + SB_STORE_SIZE_LENGTH;
    public static final int SB_TREE_ROOT_LENGTH = 8;
    public static final int SB_ENTRY_COUNT_OFFSET = SB_TREE_ROOT_OFFSET + SB_TREE_ROOT_LENGTH;
    public static final int SB_ENTRY_COUNT_LENGTH = 8;
    public static final int SB_TABLE_TAIL_OFFSET = SB_ENTRY_COUNT_OFFSET + SB_ENTRY_COUNT_LENGTH;
    public static final int SB_TABLE_TAIL_LENGTH = 8;
    public static final int SB_TABLE_RECORDS_OFFSET = SB_TABLE_TAIL_OFFSET + SB_TABLE_TAIL_LENGTH;
    public static final int SB_TABLE_RECORDS_LENGTH = 8;
    public static final int SB_SWEEP_FLAGS_OFFSET = SB_TABLE_RECORDS_OFFSET + SB_TABLE_RECORDS_LENGTH;
    public static final int SB_SWEEP_FLAGS_LENGTH = 4;
    public static final int SB_RESERVED_OFFSET = SB_SWEEP_FLAGS_OFFSET + SB_SWEEP_FLAGS_LENGTH;
    public static final int SB_RESERVED_LENGTH = 4;
    public static final int SB_SWEEP_CURSOR_OFFSET = SB_RESERVED_OFFSET + SB_RESERVED_LENGTH;
    public static final int SB_SWEEP_CURSOR_LENGTH = 8;
    public static final int SB_SWEEP_STOP_OFFSET = SB_SWEEP_CURSOR_OFFSET + SB_SWEEP_CURSOR_LENGTH;
    public static final int SB_SWEEP_STOP_LENGTH = 8;
    public static final int SB_CREATED_OFFSET = SB_SWEEP_STOP_OFFSET + SB_SWEEP_STOP_LENGTH;
    public static final int SB_CREATED_LENGTH = 8;
    /** Bytes of a slot covered by the checksum (from {@link #SB_MAGIC_OFFSET}) and written on commit. */
    public static final int SB_LENGTH = 512;

    public static final int SWEEP_ACTIVE = 1;
    /** The sweep pass wraps: after the last chunk it goes on from chunk 0 up to the stop chunk. */
    public static final int SWEEP_WRAP = 2;

    // ---- node header (every tree and snapshot-table node) ----
    public static final int NODE_CHECKSUM_OFFSET = 0;
    public static final int NODE_CHECKSUM_LENGTH = 4;
    public static final int NODE_TYPE_OFFSET = NODE_CHECKSUM_OFFSET + NODE_CHECKSUM_LENGTH;
    public static final int NODE_TYPE_LENGTH = 1;
    public static final int NODE_LEVEL_OFFSET = NODE_TYPE_OFFSET + NODE_TYPE_LENGTH;
    public static final int NODE_LEVEL_LENGTH = 1;
    public static final int NODE_COUNT_OFFSET = NODE_LEVEL_OFFSET + NODE_LEVEL_LENGTH;
    public static final int NODE_COUNT_LENGTH = 2;
    public static final int NODE_BLOCK_OFFSET = NODE_COUNT_OFFSET + NODE_COUNT_LENGTH;
    public static final int NODE_BLOCK_LENGTH = 8;
    public static final int NODE_GENERATION_OFFSET = NODE_BLOCK_OFFSET + NODE_BLOCK_LENGTH;
    public static final int NODE_GENERATION_LENGTH = 8;
    public static final int NODE_LINK_OFFSET = NODE_GENERATION_OFFSET + NODE_GENERATION_LENGTH;
    public static final int NODE_LINK_LENGTH = 8;
    public static final int NODE_HEADER_LENGTH = NODE_LINK_OFFSET + NODE_LINK_LENGTH;

    public static final int NODE_TYPE_LEAF = 1;
    public static final int NODE_TYPE_BRANCH = 2;
    public static final int NODE_TYPE_SNAPSHOTS = 3;

    /** CRC32C salts, XORed into the checksum of each kind of block. */
    public static final int SALT_SUPERBLOCK = 0x5355_5052;
    public static final int SALT_LEAF = 0x4C45_4146;
    public static final int SALT_BRANCH = 0x4252_414E;
    public static final int SALT_SNAPSHOTS = 0x534E_4150;

    // ---- exception entry (leaf node, from NODE_HEADER_LENGTH, LEAF_ENTRY_LENGTH bytes each) ----
    public static final int LEAF_CHUNK_OFFSET = 0;
    public static final int LEAF_CHUNK_LENGTH = 5;
    public static final int LEAF_ID_FROM_OFFSET = LEAF_CHUNK_OFFSET + LEAF_CHUNK_LENGTH;
    public static final int LEAF_ID_FROM_LENGTH = 8;
    public static final int LEAF_ID_TO_OFFSET = LEAF_ID_FROM_OFFSET + LEAF_ID_FROM_LENGTH;
    public static final int LEAF_ID_TO_LENGTH = 8;
    public static final int LEAF_STORE_OFFSET = LEAF_ID_TO_OFFSET + LEAF_ID_TO_LENGTH;
    public static final int LEAF_STORE_LENGTH = 5;
    public static final int LEAF_ENTRY_LENGTH = LEAF_STORE_OFFSET + LEAF_STORE_LENGTH;
    public static final int LEAF_CAPACITY = (BLOCK_SIZE - NODE_HEADER_LENGTH) / LEAF_ENTRY_LENGTH;

    /** The store word: low {@value #STORE_CHUNK_BITS} bits store chunk, top 2 bits flags. */
    public static final int STORE_CHUNK_BITS = 38;
    public static final long STORE_CHUNK_MASK = (1L << STORE_CHUNK_BITS) - 1;
    /** Entry flag: the covered ids read zeros; the store chunk field is 0. */
    public static final int ENTRY_FLAG_UNMAPPED = 1;
    public static final int ENTRY_FLAGS_KNOWN = ENTRY_FLAG_UNMAPPED;
    public static final long MAX_CHUNK_NUMBER = (1L << (8 * LEAF_CHUNK_LENGTH)) - 1;

    // ---- branch entry (branch node, from NODE_HEADER_LENGTH) ----
    public static final int BRANCH_CHUNK_OFFSET = 0;
    public static final int BRANCH_CHUNK_LENGTH = 5;
    public static final int BRANCH_ID_FROM_OFFSET = BRANCH_CHUNK_OFFSET + BRANCH_CHUNK_LENGTH;
    public static final int BRANCH_ID_FROM_LENGTH = 8;
    public static final int BRANCH_CHILD_OFFSET = BRANCH_ID_FROM_OFFSET + BRANCH_ID_FROM_LENGTH;
    public static final int BRANCH_CHILD_LENGTH = 5;
    public static final int BRANCH_ENTRY_LENGTH = BRANCH_CHILD_OFFSET + BRANCH_CHILD_LENGTH;
    public static final int BRANCH_CAPACITY = (BLOCK_SIZE - NODE_HEADER_LENGTH) / BRANCH_ENTRY_LENGTH;

    // ---- snapshot record (snapshot-table node, from NODE_HEADER_LENGTH, variable length) ----
    public static final int REC_LENGTH_OFFSET = 0;
    public static final int REC_LENGTH_LENGTH = 2;
    public static final int REC_ID_OFFSET = REC_LENGTH_OFFSET + REC_LENGTH_LENGTH;
    public static final int REC_ID_LENGTH = 8;
    public static final int REC_PARENT_OFFSET = REC_ID_OFFSET + REC_ID_LENGTH;
    public static final int REC_PARENT_LENGTH = 8;
    public static final int REC_CREATED_OFFSET = REC_PARENT_OFFSET + REC_PARENT_LENGTH;
    public static final int REC_CREATED_LENGTH = 8;
    public static final int REC_NEXT_CHILD_OFFSET = REC_CREATED_OFFSET + REC_CREATED_LENGTH;
    public static final int REC_NEXT_CHILD_LENGTH = 4;
    public static final int REC_FLAGS_OFFSET = REC_NEXT_CHILD_OFFSET + REC_NEXT_CHILD_LENGTH;
    public static final int REC_FLAGS_LENGTH = 1;
    public static final int REC_NAME_LENGTH_OFFSET = REC_FLAGS_OFFSET + REC_FLAGS_LENGTH;
    public static final int REC_NAME_LENGTH_LENGTH = 1;
    /** Fixed part; then the name (UTF-8), then u8 parent-name length and the parent's name. */
    public static final int REC_FIXED_LENGTH = REC_NAME_LENGTH_OFFSET + REC_NAME_LENGTH_LENGTH;
    public static final int MAX_NAME_BYTES = 255;

    public static final int REC_FLAG_READ_ONLY = 1;
    public static final int REC_FLAG_DELETED = 2;
    public static final int REC_FLAGS_KNOWN = REC_FLAG_READ_ONLY | REC_FLAG_DELETED;

    // ---- snapshot ids: 64 bits, a prefix-free digit code (see IdScheme) ----
    public static final int ID_BITS = 64;
}
