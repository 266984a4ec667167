package org.snaptarget.store.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.btree.ExceptionEntry;
import org.snaptarget.store.format.IdScheme;

/**
 * Reads, writes and unmaps of one device's chunks: the semantics of DESIGN.md §2 and FORMAT.md
 * "Operations".
 *
 * <ul>
 * <li>Read of device d, chunk c: the entry with the greatest key <= (c, d); if it covers d, its
 * store chunk (zeros if unmapped), else the origin.</li>
 * <li>Origin write: the live ids of no entry for c (the gaps, below the origin's future range)
 * need the old data: copy the origin chunk once to a new store chunk, insert one entry per gap
 * holding a live id, wait until that commit is durable (group commit, at most
 * {@code copyOutsInFlight} waiting), then write the origin in place.</li>
 * <li>Snapshot write of d: in place if d is the only live reader of its entry and of every
 * other entry sharing that store chunk; otherwise copy d's current version (origin, zeros or store chunk) with the write
 * applied to a new chunk, and give it the entry [futureStart(d), d] — d and its future children —
 * splitting whatever entry covered that range (existing descendants keep the old chunk).</li>
 * <li>Unmap of a whole snapshot chunk: the same split with an unmapped entry; store chunks no
 * longer referenced are freed.</li>
 * </ul>
 *
 * <p>Durability: data is only written in place over a chunk whose covering metadata is durable
 * (else the writer first waits for that commit), so a crash can never show a device data that
 * another device's durable metadata says is its own. Locking: see {@link EngineState}.
 */
final class DataPath {

    /** Metadata blocks an operation keeps free before it starts changing the tree. */
    static final int METADATA_HEADROOM = 32;

    private final EngineState s;
    private final CommitPipeline commits;
    private final Semaphore copyOuts;

    DataPath(EngineState state, CommitPipeline commits, int copyOutsInFlight) {
        this.s = state;
        this.commits = commits;
        this.copyOuts = new Semaphore(copyOutsInFlight);
    }

    void read(long id, long offset, ByteBuffer dst) {
        int cs = s.chunkSize;
        long pos = offset;
        while (dst.hasRemaining()) {
            long chunk = pos / cs;
            int in = (int) (pos % cs);
            int n = Math.min(cs - in, dst.remaining());
            ByteBuffer piece = dst.slice(dst.position(), n);
            if (id == IdScheme.ORIGIN) {
                s.devices.readOrigin(piece, pos);
            } else {
                readSnapshotChunk(id, chunk, in, piece);
            }
            dst.position(dst.position() + n);
            pos += n;
        }
    }

    private void readSnapshotChunk(long id, long chunk, int in, ByteBuffer piece) {
        var stripe = s.chunkLocks.of(chunk).readLock();
        stripe.lock();
        try {
            ExceptionEntry e;
            s.lock.readLock().lock();
            try {
                requireLive(id);
                e = covering(chunk, id);
            } finally {
                s.lock.readLock().unlock();
            }
            if (e == null) {
                s.devices.readOrigin(piece, chunk * s.chunkSize + in);
            } else if (e.unmapped()) {
                while (piece.hasRemaining()) {
                    piece.put((byte) 0);
                }
            } else {
                s.devices.readStore(piece, e.storeChunk() * s.chunkSize + in);
            }
        } finally {
            stripe.unlock();
        }
    }

    void write(long id, long offset, ByteBuffer src) {
        int cs = s.chunkSize;
        long pos = offset;
        while (src.hasRemaining()) {
            long chunk = pos / cs;
            int in = (int) (pos % cs);
            int n = Math.min(cs - in, src.remaining());
            ByteBuffer piece = src.slice(src.position(), n);
            if (id == IdScheme.ORIGIN) {
                writeOriginChunk(chunk, in, piece);
            } else {
                writeSnapshotChunk(id, chunk, in, piece, false);
            }
            src.position(src.position() + n);
            pos += n;
        }
    }

    /** Unmaps [offset, offset+length): whole chunks of a snapshot get an unmapped entry, the rest is zeroed. */
    void unmap(long id, long offset, long length, long deviceSize) {
        int cs = s.chunkSize;
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            long chunk = pos / cs;
            int in = (int) (pos % cs);
            long chunkEnd = Math.min((chunk + 1) * cs, deviceSize);
            int n = (int) (Math.min(chunkEnd, end) - pos);
            if (id != IdScheme.ORIGIN && in == 0 && pos + n == chunkEnd) {
                unmapSnapshotChunk(id, chunk);
            } else {
                var zeros = ByteBuffer.allocate(n);
                if (id == IdScheme.ORIGIN) {
                    writeOriginChunk(chunk, in, zeros);
                } else {
                    writeSnapshotChunk(id, chunk, in, zeros, true);
                }
            }
            pos += n;
        }
    }

    private void writeOriginChunk(long chunk, int in, ByteBuffer piece) {
        var stripe = s.chunkLocks.of(chunk).writeLock();
        stripe.lock();
        try {
            copyOutIfNeeded(chunk);
            s.devices.writeOrigin(piece, chunk * s.chunkSize + in);
            s.originDirty = true;
        } finally {
            stripe.unlock();
        }
    }

    /** Holding the chunk's stripe: makes the origin chunk safe to overwrite. */
    private void copyOutIfNeeded(long chunk) {
        boolean needed;
        s.lock.readLock().lock();
        try {
            s.requireWritable();
            needed = !uncoveredGaps(chunk).isEmpty();
        } finally {
            s.lock.readLock().unlock();
        }
        if (!needed) {
            awaitChunkDurable(chunk);
            return;
        }
        copyOuts.acquireUninterruptibly();
        try {
            long x = allocateDataChunk();
            try {
                var buf = ByteBuffer.allocate(s.chunkSize);
                s.devices.readOrigin(buf, chunk * s.chunkSize);
                s.devices.writeStore(buf.flip(), x * s.chunkSize);
            } catch (RuntimeException e) {
                abandon(x);
                throw e;
            }
            long txn = -1;
            s.lock.writeLock().lock();
            try {
                List<long[]> gaps = uncoveredGaps(chunk);
                landed(x);
                if (gaps.isEmpty()) {
                    s.allocator.freeNow(x * s.blocksPerChunk, s.blocksPerChunk);
                } else {
                    requireHeadroom(x);
                    for (long[] g : gaps) {
                        s.tree.insert(ExceptionEntry.mapped(chunk, g[0], g[1], x));
                    }
                    s.setRefs(x, gaps.size());
                    s.accounting.adjust(SpaceAccounting.readers(s.tree, s.table.live(), chunk, x), 1);
                    txn = s.txn;
                    s.pendingChunkTxn.put(chunk, txn);
                    s.changed = true;
                }
            } finally {
                s.lock.writeLock().unlock();
            }
            if (txn >= 0) {
                commits.awaitDurable(txn);
            } else {
                awaitChunkDurable(chunk);
            }
        } finally {
            copyOuts.release();
        }
    }

    /** The maximal intervals below the origin's future range covered by no entry and holding a live id. */
    private List<long[]> uncoveredGaps(long chunk) {
        long futureStart = s.originFutureStart();
        if (futureStart == 0 || s.table.live().isEmpty()) {
            return List.of();
        }
        long limit = futureStart - 1;
        var gaps = new ArrayList<long[]>(2);
        long next = 0;
        boolean open = true;
        var cursor = s.tree.cursor(chunk, 0);
        for (ExceptionEntry e = cursor.next(); e != null && e.chunk() == chunk; e = cursor.next()) {
            if (Long.compareUnsigned(e.idFrom(), next) > 0) {
                addGap(gaps, next, minUnsigned(e.idFrom() - 1, limit));
            }
            if (Long.compareUnsigned(e.idTo(), limit) >= 0) {
                open = false;
                break;
            }
            next = e.idTo() + 1;
        }
        if (open && Long.compareUnsigned(next, limit) <= 0) {
            addGap(gaps, next, limit);
        }
        return gaps;
    }

    private void addGap(List<long[]> gaps, long from, long to) {
        if (Long.compareUnsigned(from, to) <= 0 && s.anyLive(from, to)) {
            gaps.add(new long[] {from, to});
        }
    }

    private static long minUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    /** A write of {@code piece} at {@code in} of {@code chunk}; {@code zeroing}: a partial unmap, a no-op on an unmapped chunk. */
    private void writeSnapshotChunk(long id, long chunk, int in, ByteBuffer piece, boolean zeroing) {
        var stripe = s.chunkLocks.of(chunk).writeLock();
        stripe.lock();
        try {
            ExceptionEntry e;
            boolean inPlace;
            s.lock.readLock().lock();
            try {
                s.requireWritable();
                requireLive(id);
                e = covering(chunk, id);
                inPlace = e != null && !e.unmapped() && soleReader(chunk, e, id);
            } finally {
                s.lock.readLock().unlock();
            }
            if (zeroing && e != null && e.unmapped()) {
                return;
            }
            if (inPlace) {
                if (!s.freshChunks.containsKey(e.storeChunk())) {
                    awaitChunkDurable(chunk);
                }
                s.devices.writeStore(piece, e.storeChunk() * s.chunkSize + in);
                return;
            }
            var buf = ByteBuffer.allocate(s.chunkSize);
            if (in != 0 || piece.remaining() != s.chunkSize) {
                if (e == null) {
                    s.devices.readOrigin(buf, chunk * s.chunkSize);
                } else if (!e.unmapped()) {
                    s.devices.readStore(buf, e.storeChunk() * s.chunkSize);
                }
            }
            buf.put(in, piece, piece.position(), piece.remaining());
            long z = allocateDataChunk();
            try {
                s.devices.writeStore(buf.clear(), z * s.chunkSize);
            } catch (RuntimeException ex) {
                abandon(z);
                throw ex;
            }
            s.lock.writeLock().lock();
            try {
                landed(z);
                if (!s.table.isLive(id) || s.readOnly()) {
                    s.allocator.freeNow(z * s.blocksPerChunk, s.blocksPerChunk);
                    s.requireWritable();
                    requireLive(id);
                }
                requireHeadroom(z);
                replaceRange(chunk, ExceptionEntry.mapped(chunk, s.table.futureStart(id), id, z));
                s.freshChunks.put(z, s.txn);
            } finally {
                s.lock.writeLock().unlock();
            }
        } finally {
            stripe.unlock();
        }
    }

    private void unmapSnapshotChunk(long id, long chunk) {
        var stripe = s.chunkLocks.of(chunk).writeLock();
        stripe.lock();
        s.lock.writeLock().lock();
        try {
            s.requireWritable();
            requireLive(id);
            long from = s.table.futureStart(id);
            ExceptionEntry e = covering(chunk, id);
            if (e != null && e.unmapped() && e.covers(from)) {
                return;
            }
            requireHeadroom(-1);
            replaceRange(chunk, ExceptionEntry.unmapped(chunk, from, id));
        } finally {
            s.lock.writeLock().unlock();
            stripe.unlock();
        }
    }

    /**
     * Under the state write lock and the chunk's stripe: gives {@code fresh}'s id range to
     * {@code fresh}, cutting it out of every entry it overlaps (parts without a live id are
     * dropped) and freeing store chunks left unreferenced.
     */
    private void replaceRange(long chunk, ExceptionEntry fresh) {
        long from = fresh.idFrom();
        long to = fresh.idTo();
        List<ExceptionEntry> cut = overlapping(chunk, from, to);
        var stores = new java.util.TreeSet<Long>();
        for (ExceptionEntry e : cut) {
            if (!e.unmapped()) {
                stores.add(e.storeChunk());
            }
        }
        for (long y : stores) {
            s.accounting.adjust(SpaceAccounting.readers(s.tree, s.table.live(), chunk, y), -1);
        }
        var refDelta = new java.util.HashMap<Long, Integer>();
        for (ExceptionEntry e : cut) {
            s.tree.delete(chunk, e.idFrom());
            int kept = 0;
            if (Long.compareUnsigned(e.idFrom(), from) < 0 && s.anyLive(e.idFrom(), from - 1)) {
                s.tree.insert(e.withRange(e.idFrom(), from - 1));
                kept++;
            }
            if (Long.compareUnsigned(e.idTo(), to) > 0 && s.anyLive(to + 1, e.idTo())) {
                s.tree.insert(e.withRange(to + 1, e.idTo()));
                kept++;
            }
            if (!e.unmapped()) {
                refDelta.merge(e.storeChunk(), kept - 1, Integer::sum);
            }
        }
        s.tree.insert(fresh);
        if (!fresh.unmapped()) {
            s.setRefs(fresh.storeChunk(), 1);
        }
        for (var d : refDelta.entrySet()) {
            int n = s.refs(d.getKey()) + d.getValue();
            s.setRefs(d.getKey(), n);
            if (n == 0) {
                freeStoreChunk(d.getKey());
            }
        }
        if (!fresh.unmapped()) {
            stores.add(fresh.storeChunk());
        }
        for (long y : stores) {
            s.accounting.adjust(SpaceAccounting.readers(s.tree, s.table.live(), chunk, y), 1);
        }
        s.pendingChunkTxn.put(chunk, s.txn);
        s.changed = true;
    }

    /** The entries of {@code chunk} whose range meets [from, to]: O(log n + overlaps), not O(entries of the chunk). */
    private List<ExceptionEntry> overlapping(long chunk, long from, long to) {
        var out = new ArrayList<ExceptionEntry>(2);
        ExceptionEntry before = s.tree.floor(chunk, from);
        if (before != null && before.chunk() == chunk && Long.compareUnsigned(before.idFrom(), from) < 0
                && Long.compareUnsigned(before.idTo(), from) >= 0) {
            out.add(before);
        }
        var cursor = s.tree.cursor(chunk, from);
        for (ExceptionEntry e = cursor.next(); e != null && e.chunk() == chunk
                && Long.compareUnsigned(e.idFrom(), to) <= 0; e = cursor.next()) {
            out.add(e);
        }
        return out;
    }

    /** Frees a store chunk no entry references any more (under the state write lock). */
    void freeStoreChunk(long x) {
        Long allocatedIn = s.freshChunks.get(x);
        if (allocatedIn != null && allocatedIn == s.txn) {
            s.freshChunks.remove(x);
            s.allocator.freeNow(x * s.blocksPerChunk, s.blocksPerChunk);
        } else {
            s.allocator.freeChunkLater(x, s.txn);
        }
    }

    /** The entry covering device {@code id} in {@code chunk}, or null when it reads the origin. */
    ExceptionEntry covering(long chunk, long id) {
        ExceptionEntry e = s.tree.floor(chunk, id);
        return e != null && e.chunk() == chunk && e.covers(id) ? e : null;
    }

    /** Whether {@code id} is the only live reader of {@code e} and of every other entry sharing its store chunk. */
    private boolean soleReader(long chunk, ExceptionEntry e, long id) {
        Long first = s.table.live().ceiling(e.idFrom());
        Long second = first == null ? null : s.table.live().higher(first);
        if (first == null || first != id || second != null && Long.compareUnsigned(second, e.idTo()) <= 0) {
            return false;
        }
        if (Long.compareUnsigned(s.table.futureStart(id), e.idFrom()) < 0) {
            return false;
        }
        if (s.refs(e.storeChunk()) == 1) {
            return true;
        }
        var cursor = s.tree.cursor(chunk, 0);
        for (ExceptionEntry o = cursor.next(); o != null && o.chunk() == chunk; o = cursor.next()) {
            if (o.idFrom() != e.idFrom() && !o.unmapped() && o.storeChunk() == e.storeChunk()
                    && s.anyLive(o.idFrom(), o.idTo())) {
                return false;
            }
        }
        return true;
    }

    private long allocateDataChunk() {
        if (!s.allocator.canAllocate(s.blocksPerChunk + METADATA_HEADROOM, false)) {
            throw new StoreException.StoreFull("store full: " + s.allocator.freeChunks() + " chunks free, "
                    + s.allocator.reserveBlocks() + " blocks kept in reserve for metadata");
        }
        synchronized (s.inFlightChunks) {
            long x = s.allocator.allocateChunk();
            s.inFlightChunks.add(x);
            return x;
        }
    }

    /** An allocated chunk that will never be linked: free it at once (nothing durable names it). */
    private void abandon(long x) {
        synchronized (s.inFlightChunks) {
            s.inFlightChunks.remove(x);
            s.allocator.freeNow(x * s.blocksPerChunk, s.blocksPerChunk);
        }
    }

    /** Under the state write lock: chunk {@code x} is now linked into the tree or freed. */
    private void landed(long x) {
        synchronized (s.inFlightChunks) {
            s.inFlightChunks.remove(x);
        }
    }

    /** Under the state write lock, before the tree changes: fails cleanly (freeing {@code chunkToFree}) if metadata might not fit. */
    private void requireHeadroom(long chunkToFree) {
        if (!s.allocator.canAllocate(METADATA_HEADROOM, s.nodes.allowReserve)) {
            if (chunkToFree >= 0) {
                s.allocator.freeNow(chunkToFree * s.blocksPerChunk, s.blocksPerChunk);
            }
            throw new StoreException.StoreFull("store full: no room for the metadata of this write");
        }
    }

    private void awaitChunkDurable(long chunk) {
        Long t = s.pendingChunkTxn.get(chunk);
        if (t != null && t > commits.durable()) {
            commits.awaitDurable(t);
        }
    }

    private void requireLive(long id) {
        if (id != IdScheme.ORIGIN && !s.table.isLive(id)) {
            throw new StoreException.NotFound("snapshot " + IdScheme.format(id) + " was deleted");
        }
    }
}
