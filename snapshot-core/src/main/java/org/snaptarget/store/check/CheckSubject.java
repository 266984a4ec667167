package org.snaptarget.store.check;

import java.util.List;
import java.util.NavigableSet;
import org.snaptarget.store.btree.Node;

/**
 * What the checker inspects: an open pool's tree, snapshot table and allocation map, all seen
 * under the pool's state lock. Node and table reads come from the device (verifying checksums)
 * except for nodes a commit has not written yet, which come from memory.
 */
public interface CheckSubject {

    long originChunks();

    long totalBlocks();

    int blocksPerChunk();

    long treeRoot();

    long entryCount();

    /** The node in {@code block}, verified; throws {@code StoreException.Corruption}. */
    Node node(long block, int expectedLevel);

    /** Blocks of the snapshot-table chain, oldest first. */
    List<Long> tableBlocks();

    /** Verifies one table block on the device (header, checksum, records); throws on corruption. */
    void verifyTableBlock(long block);

    /** How many entries the engine believes reference store chunk {@code x} (a referenced chunk). */
    int storeChunkReferences(long x);

    /** Live snapshot ids in id order. */
    NavigableSet<Long> liveIds();

    /** First id a future child of {@code id} would get (see IdScheme.futureStart). */
    long futureStart(long id);

    /**
     * The allocation map at one instant: one bit per block, set when allocated, and the runs of
     * blocks {first, count} that are either freed but waiting for a durable commit, or allocated
     * by an operation that has not yet linked them into the tree.
     */
    Allocation allocation();

    record Allocation(long[] bits, List<long[]> pending) {
    }
}
