package org.snaptarget.lun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.snaptarget.scsi.DeviceIdentity;
import org.snaptarget.store.SnapshotId;

/**
 * The persisted SCSI identities (VPD 83h NAA designator, VPD 80h serial; SPC-4 §7.8.6, §7.8.15) of
 * every pool device ever exported, in {@code <dataDir>/identities.json}:
 * <pre>{@code
 * {"version":1,"identities":[{"pool":"vm1","id":"ffffffffffffffff","naa":"5d7a06…","serial":"5d7a06…"}]}
 * }</pre>
 * keyed by (pool, snapshot id). Snapshot ids are never reused within a pool, so a key names one
 * device for ever: every snapshot gets its own identity, and a device keeps its identity across
 * restarts (ESXi names the disk {@code naa.<hex>}; a changed designator makes VMFS take the volume
 * for a copy). The origin's id is all ones.
 *
 * <p>An identity is generated on first export and written at once, atomically
 * ({@link DurableFile}); existing entries are never changed. A malformed file is an error naming the
 * file, never silently replaced. Entries of deleted snapshots stay (a few dozen bytes each) so that
 * no identity is ever handed out twice.
 *
 * <p>Thread-safe: every method is synchronized on this object.
 */
public final class LunIdentities {

    /** The file name inside the data directory. */
    public static final String FILE_NAME = "identities.json";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record Entry(String pool, String id, String naa, String serial) {
    }

    record FileContent(int version, List<Entry> identities) {
    }

    private record Key(String pool, long id) {
    }

    private final Path file;
    private final SecureRandom random;
    /** Guarded by {@code this}. */
    private final Map<Key, DeviceIdentity> byKey = new HashMap<>();

    private LunIdentities(Path file, SecureRandom random) {
        this.file = file;
        this.random = random;
    }

    /** Loads {@code <dataDir>/identities.json}, or starts empty when it does not exist. */
    public static LunIdentities load(Path dataDir) throws IOException {
        return load(dataDir.resolve(FILE_NAME), new SecureRandom());
    }

    static LunIdentities load(Path file, SecureRandom random) throws IOException {
        LunIdentities ids = new LunIdentities(file, random);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return ids;
        }
        FileContent content;
        try {
            content = JSON.readValue(bytes, FileContent.class);
        } catch (JacksonException e) {
            throw new IOException(file + ": malformed identity file: " + e.getOriginalMessage(), e);
        }
        if (content.version() != VERSION || content.identities() == null) {
            throw new IOException(file + ": unsupported identity file version " + content.version() + " (expected "
                    + VERSION + ")");
        }
        for (Entry e : content.identities()) {
            ids.byKey.put(new Key(e.pool(), parseId(file, e.id())), parseIdentity(file, e));
        }
        return ids;
    }

    /** The identity of the pool's device with this id if it was ever exported; nothing is generated. */
    public synchronized java.util.Optional<DeviceIdentity> knownIdentity(String pool, SnapshotId id) {
        return java.util.Optional.ofNullable(byKey.get(new Key(pool, id.bits())));
    }

    /** The identity of the pool's device with this id, generated and persisted on first use. */
    public synchronized DeviceIdentity identityOf(String pool, SnapshotId id) throws IOException {
        Objects.requireNonNull(pool, "pool");
        Key key = new Key(pool, id.bits());
        DeviceIdentity known = byKey.get(key);
        if (known != null) {
            return known;
        }
        DeviceIdentity fresh;
        do {
            fresh = DeviceIdentity.generate(random);
        } while (naaTaken(fresh.naa()));
        byKey.put(key, fresh);
        try {
            save();
        } catch (IOException e) {
            byKey.remove(key);
            throw e;
        }
        return fresh;
    }

    private boolean naaTaken(long naa) {
        return byKey.values().stream().anyMatch(d -> d.naa() == naa);
    }

    private void save() throws IOException {
        List<Entry> entries = new ArrayList<>();
        byKey.forEach((k, v) -> entries.add(new Entry(k.pool(), String.format("%016x", k.id()), v.naaHex(), v.serial())));
        entries.sort(Comparator.comparing(Entry::pool).thenComparing(Entry::id));
        DurableFile.replace(file, JSON.writeValueAsBytes(new FileContent(VERSION, entries)));
    }

    private static long parseId(Path file, String id) throws IOException {
        if (id == null || !id.matches("[0-9a-f]{16}")) {
            throw new IOException(file + ": malformed identity file: id must be 16 lower-case hex digits, is '" + id + "'");
        }
        return Long.parseUnsignedLong(id, 16);
    }

    private static DeviceIdentity parseIdentity(Path file, Entry e) throws IOException {
        if (e.pool() == null || e.naa() == null || !e.naa().matches("[0-9a-fA-F]{16}")) {
            throw new IOException(file + ": malformed identity file: entry " + e + " needs a pool and a 16-digit naa");
        }
        try {
            return new DeviceIdentity(Long.parseUnsignedLong(e.naa(), 16), e.serial());
        } catch (IllegalArgumentException | NullPointerException ex) {
            throw new IOException(file + ": malformed identity file: " + ex.getMessage(), ex);
        }
    }
}
