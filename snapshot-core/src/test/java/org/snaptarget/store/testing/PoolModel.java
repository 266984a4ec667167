package org.snaptarget.store.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plain in-memory model of a pool: the full bytes of the origin and of every live snapshot,
 * with none of the store's cleverness. It is the oracle of the property, crash and scale tests.
 *
 * <p>Content rules (DESIGN.md §2): a snapshot starts as a copy of its parent's current bytes (the
 * origin's when it has no parent); writes to one device never change another; unmap makes the
 * range read as zeros on any device; delete forgets a device.
 *
 * <p>Space rules, used to predict {@code SnapshotInfo.exclusiveBytes}: every device holds, per
 * chunk, a <em>version token</em>. A snapshot inherits its parent's tokens. An origin write gives
 * the origin chunk a new token (the old version, if a snapshot still holds it, now lives in a
 * store chunk). A snapshot write keeps its token when no other live device holds it (a write in
 * place) and otherwise takes a new one (copy, then split the range). Unmapping a whole chunk of
 * a snapshot gives it the token {@link #ZERO} (an unmapped entry, no store chunk); unmapping part
 * of a chunk is a write of zeros, and nothing at all on a chunk already unmapped (FORMAT.md,
 * "Unmap"). A token uses a
 * store chunk iff it is neither {@link #ZERO} nor the origin's current token for that chunk; a
 * snapshot's exclusive space is its store-backed tokens that no other live device holds.
 *
 * <p>Durability rules, used by the crash test: every device keeps the bytes it had at the last
 * durable point ({@link #flush}) and, per 512-byte sector, every value written to it since. After
 * a power cut a sector may hold any of those (unforced writes can be dropped, reordered or torn at
 * sector boundaries), and nothing else. A new snapshot inherits its parent's durable bytes and
 * pending values.
 *
 * <p>Not thread-safe.
 */
public final class PoolModel {

    public static final String ORIGIN = "origin";
    public static final int SECTOR = 512;
    /** The version token of an unmapped snapshot chunk. */
    static final long ZERO = 0;

    private final long size;
    private final int chunkSize;
    private final int chunks;
    private long nextToken = 1;
    private final Device origin;
    private final LinkedHashMap<String, Device> snapshots = new LinkedHashMap<>();

    public PoolModel(long size, int chunkSize) {
        if (size <= 0 || size % SECTOR != 0) {
            throw new IllegalArgumentException("size must be a positive multiple of 512: " + size);
        }
        this.size = size;
        this.chunkSize = chunkSize;
        this.chunks = (int) ((size + chunkSize - 1) / chunkSize);
        this.origin = new Device(ORIGIN, null, false, new byte[Math.toIntExact(size)], new long[chunks]);
        for (int c = 0; c < chunks; c++) {
            origin.tokens[c] = nextToken++;
        }
        origin.durable = origin.data.clone();
    }

    public long size() {
        return size;
    }

    public int chunkSize() {
        return chunkSize;
    }

    /** Live snapshot names in creation order. */
    public List<String> snapshotNames() {
        return List.copyOf(snapshots.keySet());
    }

    public boolean exists(String device) {
        return ORIGIN.equals(device) || snapshots.containsKey(device);
    }

    /** The name the snapshot was created from, or {@code null} for a snapshot of the origin. */
    public String parentOf(String snapshot) {
        return device(snapshot).parent;
    }

    /** Nesting depth: 0 for the origin, 1 for a snapshot of the origin, 2 for a snapshot of that, and so on. */
    public int depth(String device) {
        return device(device).depth;
    }

    /** Snapshots ever taken of this device (the number the next one gets). */
    public int nextChild(String device) {
        return device(device).nextChild;
    }

    public boolean isReadOnly(String device) {
        return device(device).readOnly;
    }

    public void createSnapshot(String name, String parent, boolean readOnly) {
        if (exists(name)) {
            throw new IllegalArgumentException("duplicate device " + name);
        }
        Device from = parent == null ? origin : device(parent);
        Device d = new Device(name, parent, readOnly, from.data.clone(), from.tokens.clone());
        d.depth = from.depth + 1;
        from.nextChild++;
        d.durable = from.durable.clone();
        from.pending.forEach((sector, values) -> d.pending.put(sector, new ArrayList<>(values)));
        snapshots.put(name, d);
    }

    public void deleteSnapshot(String name) {
        if (snapshots.remove(name) == null) {
            throw new IllegalArgumentException("no snapshot " + name);
        }
    }

    public byte[] read(String device, long offset, int length) {
        checkExtent(offset, length);
        return Arrays.copyOfRange(device(device).data, (int) offset, (int) offset + length);
    }

    /** A whole device's current bytes. */
    public byte[] contents(String device) {
        return device(device).data.clone();
    }

    public void write(String device, long offset, byte[] bytes) {
        checkExtent(offset, bytes.length);
        Device d = device(device);
        if (d.readOnly) {
            throw new IllegalStateException(device + " is read-only");
        }
        for (int c = chunkOf(offset); c <= chunkOf(offset + bytes.length - 1); c++) {
            retokenForWrite(d, c);
        }
        System.arraycopy(bytes, 0, d.data, (int) offset, bytes.length);
        notePending(d, offset, bytes.length);
    }

    public void unmap(String device, long offset, long length) {
        checkExtent(offset, length);
        Device d = device(device);
        if (d.readOnly) {
            throw new IllegalStateException(device + " is read-only");
        }
        long end = offset + length;
        for (int c = chunkOf(offset); c <= chunkOf(end - 1); c++) {
            long cStart = (long) c * chunkSize;
            long cEnd = Math.min(size, cStart + chunkSize);
            boolean whole = offset <= cStart && end >= cEnd;
            if (d == origin) {
                retokenForWrite(d, c);
            } else if (whole) {
                d.tokens[c] = ZERO;
            } else if (d.tokens[c] != ZERO) {
                retokenForWrite(d, c);
            }
        }
        Arrays.fill(d.data, (int) offset, (int) end, (byte) 0);
        notePending(d, offset, length);
    }

    /** A durable point: every device's current bytes are what a crash must now preserve. */
    public void flush() {
        for (Device d : allDevices()) {
            d.durable = d.data.clone();
            d.pending.clear();
        }
    }

    /** What deleting {@code snapshot} alone would free now, in bytes (see the class comment). */
    public long exclusiveBytes(String snapshot) {
        Device s = snapshots.get(snapshot);
        if (s == null) {
            throw new IllegalArgumentException("no snapshot " + snapshot);
        }
        long n = 0;
        for (int c = 0; c < chunks; c++) {
            long t = s.tokens[c];
            if (t == ZERO || t == origin.tokens[c]) {
                continue;
            }
            boolean shared = false;
            for (Device o : snapshots.values()) {
                if (o != s && o.tokens[c] == t) {
                    shared = true;
                    break;
                }
            }
            if (!shared) {
                n++;
            }
        }
        return n * chunkSize;
    }

    /** Distinct store chunks the live devices reference (their store-backed tokens). */
    public long storeChunksReferenced() {
        long n = 0;
        for (int c = 0; c < chunks; c++) {
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (Device s : snapshots.values()) {
                long t = s.tokens[c];
                if (t != ZERO && t != origin.tokens[c] && seen.add(t)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Chunks per device. */
    int chunkCount() {
        return chunks;
    }

    /** A device's space tokens (for {@link ReferencePool}'s persistence). */
    long[] tokens(String device) {
        return device(device).tokens.clone();
    }

    long nextToken() {
        return nextToken;
    }

    /** Store chunks a write of this extent would need (chunks it must copy or split). */
    long chunksNeededToWrite(String device, long offset, int length) {
        Device d = device(device);
        if (d == origin) {
            long n = 0;
            for (int c = chunkOf(offset); c <= chunkOf(offset + length - 1); c++) {
                for (Device s : snapshots.values()) {
                    if (s.tokens[c] == origin.tokens[c]) {
                        n++;
                        break;
                    }
                }
            }
            return n;
        }
        long n = 0;
        for (int c = chunkOf(offset); c <= chunkOf(offset + length - 1); c++) {
            long t = d.tokens[c];
            boolean shared = t == ZERO || t == origin.tokens[c];
            for (Device o : snapshots.values()) {
                shared |= o != d && o.tokens[c] == t;
            }
            if (shared) {
                n++;
            }
        }
        return n;
    }

    void restoreSnapshot(String name, String parent, boolean readOnly, byte[] data, long[] tokens) {
        Device d = new Device(name, parent, readOnly, data, tokens);
        d.depth = parent == null ? 1 : snapshots.containsKey(parent) ? device(parent).depth + 1 : 1;
        d.durable = data.clone();
        snapshots.put(name, d);
    }

    void restoreOrigin(byte[] data, long[] tokens, long next) {
        System.arraycopy(data, 0, origin.data, 0, data.length);
        System.arraycopy(tokens, 0, origin.tokens, 0, tokens.length);
        nextToken = next;
    }

    /**
     * Checks a device's bytes read back after a power cut against the durability rules: each
     * sector must hold its durable value or a value written since. Returns a description of the
     * first sector that holds anything else.
     */
    public Optional<String> crashMismatch(String device, byte[] actual) {
        Device d = device(device);
        if (actual.length != d.data.length) {
            return Optional.of(device + ": read " + actual.length + " bytes, size is " + d.data.length);
        }
        for (int s = 0; s < d.data.length / SECTOR; s++) {
            int from = s * SECTOR;
            if (Arrays.equals(actual, from, from + SECTOR, d.durable, from, from + SECTOR)) {
                continue;
            }
            List<byte[]> candidates = d.pending.getOrDefault(s, List.of());
            boolean ok = false;
            for (byte[] v : candidates) {
                if (Arrays.equals(actual, from, from + SECTOR, v, 0, SECTOR)) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                return Optional.of(device + ": sector " + s + " (byte " + from + ", chunk " + from / chunkSize
                        + ") holds neither its durable value nor any of the " + candidates.size()
                        + " values written since; first bytes " + hex(actual, from) + ", durable " + hex(d.durable, from)
                        + ", current " + hex(d.data, from));
            }
        }
        return Optional.empty();
    }

    /** True when the device has no write since the last durable point (its bytes are fully determined). */
    public boolean settled(String device) {
        return device(device).pending.isEmpty();
    }

    private static String hex(byte[] b, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + 8 && i < b.length; i++) {
            sb.append(String.format("%02x", b[i]));
        }
        return sb.toString();
    }

    private void retokenForWrite(Device d, int c) {
        if (d == origin) {
            d.tokens[c] = nextToken++;
            return;
        }
        long t = d.tokens[c];
        boolean shared = t == ZERO || t == origin.tokens[c];
        if (!shared) {
            for (Device o : snapshots.values()) {
                if (o != d && o.tokens[c] == t) {
                    shared = true;
                    break;
                }
            }
        }
        if (shared) {
            d.tokens[c] = nextToken++;
        }
    }

    private void notePending(Device d, long offset, long length) {
        for (long s = offset / SECTOR; s < (offset + length) / SECTOR; s++) {
            int from = (int) (s * SECTOR);
            d.pending.computeIfAbsent((int) s, k -> new ArrayList<>()).add(Arrays.copyOfRange(d.data, from, from + SECTOR));
        }
    }

    private int chunkOf(long offset) {
        return (int) (offset / chunkSize);
    }

    private void checkExtent(long offset, long length) {
        if (offset < 0 || length <= 0 || offset % SECTOR != 0 || length % SECTOR != 0 || offset + length > size) {
            throw new IllegalArgumentException("bad extent " + offset + "+" + length + " on a device of " + size);
        }
    }

    private Device device(String name) {
        if (ORIGIN.equals(name)) {
            return origin;
        }
        Device d = snapshots.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no device " + name);
        }
        return d;
    }

    private List<Device> allDevices() {
        List<Device> all = new ArrayList<>(snapshots.values());
        all.add(origin);
        return all;
    }

    /** One device's state. */
    private static final class Device {
        final String name;
        final String parent;
        final boolean readOnly;
        final byte[] data;
        final long[] tokens;
        byte[] durable;
        int depth;
        int nextChild;
        final Map<Integer, List<byte[]>> pending = new HashMap<>();

        Device(String name, String parent, boolean readOnly, byte[] data, long[] tokens) {
            this.name = name;
            this.parent = parent;
            this.readOnly = readOnly;
            this.data = data;
            this.tokens = tokens;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
