package org.snaptarget.lun;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snaptarget.scsi.DeviceIdentity;
import org.snaptarget.scsi.RangeLock;

/**
 * The {@link SharedVolume} of every exported volume, one per volume however many LUNs export it,
 * with its journal in {@code <dir>/<NAA designator>.awj} (the designator is unique per pool device
 * and stable across restarts, {@link LunIdentities}).
 *
 * <p>Recovery is lazy and still safe: a volume's journal is opened, and a write a crash left
 * pending is replayed, when the volume is first exported after a start; nothing writes a volume
 * except through an export, so no write can land before the replay. A snapshot taken of an
 * unexported volume in between holds the volume without that unacknowledged write, as if the
 * write had come after it. A replay that fails leaves the journal pending and the export is
 * refused (the caller sees the {@link IOException}), so nothing can overwrite the range first.
 *
 * <p>Thread-safe.
 */
public final class AtomicWriteJournals implements Closeable {

    /** The largest atomic write: 1 MiB, i.e. 2,048 blocks of 512 bytes. */
    public static final int CAPACITY_BYTES = 1 << 20;
    static final String SUFFIX = ".awj";

    private static final Logger log = LoggerFactory.getLogger(AtomicWriteJournals.class);

    private final Path dir;
    private final int capacity;
    private final Map<String, SharedVolume> open = new HashMap<>();

    public AtomicWriteJournals(Path dir) throws IOException {
        this(dir, CAPACITY_BYTES);
    }

    AtomicWriteJournals(Path dir, int capacity) throws IOException {
        this.dir = dir;
        this.capacity = capacity;
        Files.createDirectories(dir);
    }

    /**
     * The shared state of a volume, opening its journal and replaying a pending write into
     * {@code raw} (the volume written directly) the first time.
     *
     * @param volumeName "pool" or "pool/snapshot", for the journal header and messages
     * @param volumeId   the store's snapshot id of the volume
     */
    public synchronized SharedVolume of(DeviceIdentity identity, String volumeName, long volumeId,
                                        AtomicWriteJournal.Target raw) throws IOException {
        SharedVolume shared = open.get(identity.naaHex());
        if (shared != null) {
            return shared;
        }
        AtomicWriteJournal journal = AtomicWriteJournal.open(fileOf(identity), volumeName, volumeId, capacity);
        try {
            switch (journal.recovery()) {
                case CLEAN -> { }
                case TORN_HEADER, TORN_DATA -> log.warn("{}: atomic-write journal {} was cut by a crash while {}; "
                                + "the volume holds the whole old or whole new data, nothing to replay", volumeName,
                        journal.file(), journal.recovery() == AtomicWriteJournal.Recovery.TORN_DATA
                                ? "logging a write" : "logging or retiring a write");
                case PENDING -> {
                    var pending = journal.pending().orElseThrow();
                    journal.replay(raw);
                    log.warn("{}: replayed atomic write #{} ({} bytes at byte {}) that a crash left unfinished",
                            volumeName, pending.sequence(), pending.data().remaining(), pending.offset());
                }
            }
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw new IOException(volumeName + ": cannot replay the atomic write pending in " + journal.file()
                    + "; the volume is not exported until it can be: " + e.getMessage(), e);
        }
        shared = new SharedVolume(journal, new AtomicWriteFence(), new RangeLock());
        open.put(identity.naaHex(), shared);
        return shared;
    }

    /** Closes and deletes the journal of a volume that no longer exists (a deleted snapshot). */
    public synchronized void discard(DeviceIdentity identity) throws IOException {
        SharedVolume shared = open.remove(identity.naaHex());
        if (shared != null) {
            shared.journal().close();
        }
        Files.deleteIfExists(fileOf(identity));
    }

    private Path fileOf(DeviceIdentity identity) {
        return dir.resolve(identity.naaHex() + SUFFIX);
    }

    @Override
    public synchronized void close() {
        for (Map.Entry<String, SharedVolume> e : open.entrySet()) {
            try {
                e.getValue().journal().close();
            } catch (IOException ex) {
                log.warn("atomic-write journal {}: close failed", e.getKey(), ex);
            }
        }
        open.clear();
    }
}
