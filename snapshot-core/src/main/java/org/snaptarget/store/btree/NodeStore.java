package org.snaptarget.store.btree;

/**
 * What the exception tree needs from the layer below it (the engine's block manager): loading
 * verified nodes, the running transaction, and block allocation with deferred freeing.
 *
 * <p>Contract: {@link #load} returns the newest in-memory version of a block (dirty, being
 * written, cached, or read and verified from disk); {@link #allocate} returns a block no durable
 * superblock references; {@link #release} frees a block only once the commit that stops
 * referencing it is durable (freeing earlier would let a crash expose overwritten nodes).
 */
public interface NodeStore {

    /** Loads the node in {@code block}; {@code expectedLevel} -1 for a root. */
    Node load(long block, int expectedLevel);

    /** The running (uncommitted) transaction's generation. */
    long txn();

    /** A block for a new node of the running transaction. */
    long allocate();

    /** The node was created or shadowed in the running transaction and must be written at commit. */
    void markDirty(Node node);

    /** The node's block is no longer referenced by the running transaction. */
    void release(long block);
}
