package org.snaptarget.store;

/**
 * Space and metadata figures of a pool at one instant.
 *
 * @param chunkSize          bytes per data chunk
 * @param storeBlocks        blocks (of {@code chunkSize} bytes) the store device holds in all
 * @param blocksUsed         blocks holding data chunks or metadata
 * @param blocksFree         blocks available for new data (the metadata reserve excluded)
 * @param exceptionEntries   entries in the exception tree
 * @param bytesPendingReclaim bytes that the background sweep has still to free
 * @param snapshots          live snapshots
 */
public record PoolStats(int chunkSize, long storeBlocks, long blocksUsed, long blocksFree, long exceptionEntries,
                        long bytesPendingReclaim, int snapshots) {
}
