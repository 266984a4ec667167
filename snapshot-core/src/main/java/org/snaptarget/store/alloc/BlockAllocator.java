package org.snaptarget.store.alloc;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.snaptarget.store.StoreException;

/**
 * The free-space map of the store device: one bit per 4 KiB block (FORMAT.md, "Space"). A data
 * chunk takes a whole aligned group of {@code blocksPerChunk} blocks; metadata nodes take single
 * blocks, packed into groups already holding metadata so they fragment the data space as little
 * as possible.
 *
 * <p>Invariants: (1) a block freed in transaction N is only marked free once the superblock of N
 * is durable ({@link #freeLater} / {@link #releaseThrough}), so no crash can find a block it still
 * references overwritten; (2) ordinary allocations leave {@link #reserveBlocks()} blocks free, a
 * metadata reserve that only deletions and the sweep may use, so that deleting snapshots always
 * works on a full store.
 *
 * <p>The map is rebuilt at open from the references of the durable tree (so it can never leak
 * across a crash) and kept in memory. Thread-safe: every method holds this object's monitor.
 */
public final class BlockAllocator {

    private final long totalBlocks;
    private final int blocksPerChunk;
    private final long groups;
    private final long[] bits;
    private final long reserve;
    private long freeBlocks;
    private long freeGroups;
    private long dataCursor;
    /** Groups holding some metadata blocks and some free blocks (only when blocksPerChunk > 1). */
    private final TreeSet<Long> partialGroups = new TreeSet<>();
    /** Blocks freed per transaction, waiting for that transaction's superblock to be durable. */
    private final TreeMap<Long, List<long[]>> deferred = new TreeMap<>();
    private long deferredBlocks;

    /**
     * @param storeBlocks    blocks on the store device
     * @param blocksPerChunk blocks per data chunk (a power of two, 1..256)
     */
    public BlockAllocator(long storeBlocks, int blocksPerChunk) {
        if (Integer.bitCount(blocksPerChunk) != 1 || blocksPerChunk > 256) {
            throw new IllegalArgumentException("blocks per chunk " + blocksPerChunk);
        }
        this.blocksPerChunk = blocksPerChunk;
        this.groups = storeBlocks / blocksPerChunk;
        this.totalBlocks = groups * blocksPerChunk;
        this.bits = new long[(int) ((totalBlocks + 63) / 64)];
        this.freeBlocks = totalBlocks;
        this.freeGroups = groups;
        this.reserve = Math.max(16, Math.min(totalBlocks / 100, 4096));
    }

    public synchronized long totalBlocks() {
        return totalBlocks;
    }

    public int blocksPerChunk() {
        return blocksPerChunk;
    }

    public long chunkCount() {
        return groups;
    }

    public long reserveBlocks() {
        return reserve;
    }

    public synchronized long freeBlocks() {
        return freeBlocks;
    }

    public synchronized long freeChunks() {
        return freeGroups;
    }

    /** Blocks freed but waiting for a durable commit. */
    public synchronized long deferredBlocks() {
        return deferredBlocks;
    }

    public synchronized boolean isUsed(long block) {
        return (bits[(int) (block >>> 6)] & (1L << block)) != 0;
    }

    /** Whether an operation needing {@code blocks} more blocks may start without touching the reserve. */
    public synchronized boolean canAllocate(long blocks, boolean useReserve) {
        return freeBlocks - blocks >= (useReserve ? 0 : reserve);
    }

    /** Marks a block used while rebuilding the map at open; false if it already was (a double reference). */
    public synchronized boolean markUsed(long block) {
        if (block < 0 || block >= totalBlocks || isUsed(block)) {
            return false;
        }
        set(block, 1);
        return true;
    }

    /** Marks a whole data chunk used at open; false if any of its blocks already was. */
    public synchronized boolean markChunkUsed(long chunk) {
        long first = chunk * blocksPerChunk;
        if (chunk < 0 || chunk >= groups || usedInGroup(chunk) != 0) {
            return false;
        }
        set(first, blocksPerChunk);
        return true;
    }

    /**
     * Allocates a data chunk.
     *
     * @throws StoreException.StoreFull when no whole chunk is free outside the metadata reserve
     */
    public synchronized long allocateChunk() {
        if (freeGroups == 0 || freeBlocks - blocksPerChunk < reserve) {
            throw new StoreException.StoreFull("store full: " + freeBlocks + " blocks free, " + reserve
                    + " kept in reserve for metadata, a chunk needs " + blocksPerChunk);
        }
        for (long n = 0; n < groups; n++) {
            long g = dataCursor;
            dataCursor = dataCursor + 1 == groups ? 0 : dataCursor + 1;
            if (usedInGroup(g) == 0) {
                set(g * blocksPerChunk, blocksPerChunk);
                return g;
            }
        }
        throw new IllegalStateException("free group count " + freeGroups + " but none found");
    }

    /**
     * Allocates one metadata block.
     *
     * @param useReserve whether the metadata reserve may be used (deletions and the sweep)
     * @throws StoreException.StoreFull when none is free
     */
    public synchronized long allocateBlock(boolean useReserve) {
        if (freeBlocks - 1 < (useReserve ? 0 : reserve) || freeBlocks == 0) {
            throw new StoreException.StoreFull("store full: no metadata block free" + (useReserve ? "" : " outside the reserve"));
        }
        Long g = partialGroups.isEmpty() ? null : partialGroups.first();
        if (g == null) {
            for (long n = 0; n < groups; n++) {
                long cand = dataCursor;
                dataCursor = dataCursor + 1 == groups ? 0 : dataCursor + 1;
                if (usedInGroup(cand) == 0) {
                    g = cand;
                    break;
                }
            }
            if (g == null) {
                throw new StoreException.StoreFull("store full: no metadata block free");
            }
        }
        long first = g * blocksPerChunk;
        for (long b = first; b < first + blocksPerChunk; b++) {
            if (!isUsed(b)) {
                set(b, 1);
                return b;
            }
        }
        throw new IllegalStateException("group " + g + " listed as partial but full");
    }

    /** Frees blocks never referenced by a durable superblock (allocated in the running transaction). */
    public synchronized void freeNow(long firstBlock, int count) {
        clear(firstBlock, count);
    }

    /** Frees {@code count} blocks from {@code firstBlock} once transaction {@code txn} is durable. */
    public synchronized void freeLater(long firstBlock, int count, long txn) {
        deferred.computeIfAbsent(txn, t -> new ArrayList<>()).add(new long[] {firstBlock, count});
        deferredBlocks += count;
    }

    public void freeChunkLater(long chunk, long txn) {
        freeLater(chunk * blocksPerChunk, blocksPerChunk, txn);
    }

    /** Transaction {@code txn} is durable: its deferred frees (and older ones) become free. */
    public synchronized void releaseThrough(long txn) {
        Iterator<Map.Entry<Long, List<long[]>>> it = deferred.headMap(txn, true).entrySet().iterator();
        while (it.hasNext()) {
            for (long[] run : it.next().getValue()) {
                clear(run[0], (int) run[1]);
                deferredBlocks -= run[1];
            }
            it.remove();
        }
    }

    /** Every block waiting in a deferred free, for the checker. */
    public synchronized List<long[]> deferredRuns() {
        var out = new ArrayList<long[]>();
        deferred.values().forEach(out::addAll);
        return out;
    }

    /** A copy of the bitmap, for the checker. */
    public synchronized long[] snapshotBits() {
        return bits.clone();
    }

    /** The bitmap and the deferred runs taken at one instant, for the checker. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(bits.clone(), deferredRuns());
    }

    /** See {@link #snapshot()}. */
    public record Snapshot(long[] bits, List<long[]> deferred) {
    }

    private long usedInGroup(long g) {
        long first = g * blocksPerChunk;
        if (blocksPerChunk >= 64) {
            long used = 0;
            for (int w = (int) (first >>> 6), end = w + blocksPerChunk / 64; w < end; w++) {
                used += Long.bitCount(bits[w]);
            }
            return used;
        }
        long mask = (blocksPerChunk == 64 ? -1L : (1L << blocksPerChunk) - 1) << (first & 63);
        return Long.bitCount(bits[(int) (first >>> 6)] & mask);
    }

    private void set(long first, int count) {
        change(first, count, true);
    }

    private void clear(long first, int count) {
        change(first, count, false);
    }

    private void change(long first, int count, boolean used) {
        long g = first / blocksPerChunk;
        long before = usedInGroup(g);
        for (long b = first; b < first + count; b++) {
            int w = (int) (b >>> 6);
            long m = 1L << b;
            boolean was = (bits[w] & m) != 0;
            if (was == used) {
                throw new IllegalStateException("block " + b + (used ? " already used" : " already free"));
            }
            bits[w] ^= m;
        }
        freeBlocks += used ? -count : count;
        long after = usedInGroup(g);
        if (before == 0 && after != 0) {
            freeGroups--;
        } else if (before != 0 && after == 0) {
            freeGroups++;
        }
        if (blocksPerChunk > 1) {
            if (after > 0 && after < blocksPerChunk) {
                partialGroups.add(g);
            } else {
                partialGroups.remove(g);
            }
        }
    }
}
