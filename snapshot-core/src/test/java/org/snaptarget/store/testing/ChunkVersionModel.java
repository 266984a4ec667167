package org.snaptarget.store.testing;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact model for pools with thousands of snapshots, where {@link PoolModel}'s full byte
 * copies would not fit: every write covers whole chunks, and a device's chunk is described by a
 * <em>content version</em> (its bytes are {@link #bytes(long, int)} of that version, zeros for
 * version 0) and a <em>space token</em> with exactly {@link PoolModel}'s sharing rules (a snapshot
 * write keeps its token when no other live device holds it, else takes a new one; an origin
 * write gives the origin a new token). Exclusive space is computed for all snapshots in one pass.
 * Not thread-safe.
 */
public final class ChunkVersionModel {

    public static final String ORIGIN = PoolModel.ORIGIN;

    private final int chunks;
    private final int chunkSize;
    private long next = 1;
    private final long[] originContent;
    private final long[] originTokens;
    private final LinkedHashMap<String, long[][]> snapshots = new LinkedHashMap<>();
    private final Map<String, String> parents = new HashMap<>();
    private final Map<String, Integer> depths = new HashMap<>();

    public ChunkVersionModel(int chunks, int chunkSize) {
        this.chunks = chunks;
        this.chunkSize = chunkSize;
        this.originContent = new long[chunks];
        this.originTokens = new long[chunks];
        for (int c = 0; c < chunks; c++) {
            originTokens[c] = next++;
        }
    }

    /** The bytes of one chunk at content version {@code version}. */
    public static byte[] bytes(long version, int chunkSize) {
        byte[] b = new byte[chunkSize];
        if (version != 0) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            long x = version * 0x9E3779B97F4A7C15L;
            while (buf.hasRemaining()) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                buf.putLong(x);
            }
            buf.putLong(0, version);
        }
        return b;
    }

    public List<String> snapshotNames() {
        return List.copyOf(snapshots.keySet());
    }

    public int size() {
        return snapshots.size();
    }

    /** Nesting depth: 1 for a snapshot of the origin, 2 for a snapshot of such a snapshot, and so on. */
    public int depth(String snapshot) {
        return depths.get(snapshot);
    }

    public String parentOf(String snapshot) {
        return parents.get(snapshot);
    }

    public void createSnapshot(String name, String parent) {
        long[] content = parent == null ? originContent : snapshots.get(parent)[0];
        long[] tokens = parent == null ? originTokens : snapshots.get(parent)[1];
        snapshots.put(name, new long[][] {content.clone(), tokens.clone()});
        parents.put(name, parent);
        depths.put(name, parent == null ? 1 : depths.get(parent) + 1);
    }

    public void deleteSnapshot(String name) {
        snapshots.remove(name);
    }

    /** Writes a new content version to one chunk of a device; returns that version. */
    public long write(String device, int chunk) {
        return write(device, chunk, reserveVersion());
    }

    /** A content version no write used yet (for writing to the pool before the model). */
    public long reserveVersion() {
        return next++;
    }

    /** Writes content {@code version} (from {@link #reserveVersion}) to one chunk of a device; returns it. */
    public long write(String device, int chunk, long version) {
        if (ORIGIN.equals(device)) {
            originContent[chunk] = version;
            originTokens[chunk] = next++;
            return version;
        }
        long[][] d = snapshots.get(device);
        long t = d[1][chunk];
        boolean shared = t == originTokens[chunk];
        if (!shared) {
            for (long[][] o : snapshots.values()) {
                if (o != d && o[1][chunk] == t) {
                    shared = true;
                    break;
                }
            }
        }
        if (shared) {
            d[1][chunk] = next++;
        }
        d[0][chunk] = version;
        return version;
    }

    /** Whether a write to this device's chunk needs a new store chunk (a copy-out or a split). */
    public boolean writeNeedsSpace(String device, int chunk) {
        if (ORIGIN.equals(device)) {
            for (long[][] o : snapshots.values()) {
                if (o[1][chunk] == originTokens[chunk]) {
                    return true;
                }
            }
            return false;
        }
        long[][] d = snapshots.get(device);
        long t = d[1][chunk];
        if (t == originTokens[chunk]) {
            return true;
        }
        for (long[][] o : snapshots.values()) {
            if (o != d && o[1][chunk] == t) {
                return true;
            }
        }
        return false;
    }

    public long content(String device, int chunk) {
        return ORIGIN.equals(device) ? originContent[chunk] : snapshots.get(device)[0][chunk];
    }

    /** Exclusive bytes of every live snapshot, computed in one pass over all chunks. */
    public Map<String, Long> exclusiveBytes() {
        Map<String, Long> out = new LinkedHashMap<>();
        snapshots.keySet().forEach(n -> out.put(n, 0L));
        for (int c = 0; c < chunks; c++) {
            Map<Long, Integer> holders = new HashMap<>();
            for (long[][] d : snapshots.values()) {
                holders.merge(d[1][c], 1, Integer::sum);
            }
            for (Map.Entry<String, long[][]> e : snapshots.entrySet()) {
                long t = e.getValue()[1][c];
                if (t != originTokens[c] && holders.get(t) == 1) {
                    out.merge(e.getKey(), (long) chunkSize, Long::sum);
                }
            }
        }
        return out;
    }

    /** Distinct store chunks the live snapshots reference. */
    public long storeChunksReferenced() {
        long n = 0;
        for (int c = 0; c < chunks; c++) {
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (long[][] d : snapshots.values()) {
                long t = d[1][c];
                if (t != originTokens[c] && seen.add(t)) {
                    n++;
                }
            }
        }
        return n;
    }
}
