package org.snaptarget.lun;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.snaptarget.store.Pool;
import org.snaptarget.store.SnapshotId;

/**
 * Child JVM for {@link AtomicWriteCrashTest}: writes generation after generation of one
 * {@value AtomicWriteCrashTest#BLOCKS}-block range of a pool's origin with WRITE ATOMIC's device
 * path (journal, store write, commit, retire), taking a snapshot every few generations so the
 * store write copies chunks out, and prints {@code ok <generation>} after each, until killed.
 */
public final class AtomicWriteCrashChild {

    private AtomicWriteCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean fresh = !Files.exists(AtomicWriteCrashTest.config(dir).storePath());
        try (Pool pool = fresh ? Pool.create(AtomicWriteCrashTest.config(dir)) : Pool.open(AtomicWriteCrashTest.config(dir));
             AtomicWriteJournals journals = new AtomicWriteJournals(dir.resolve("atomic"))) {
            StoreBlockDevice raw = AtomicWriteCrashTest.origin(pool);
            JournaledBlockDevice device = new JournaledBlockDevice(raw, journals.of(raw.identity(), "p",
                    SnapshotId.ORIGIN.bits(), org.snaptarget.lun.AtomicWriteJournal.Target.of(raw)));
            long generation = AtomicWriteCrashTest.generationIn(device);
            int snapshots = pool.snapshots().size();
            while (true) {
                generation++;
                if (generation % 4 == 0) {
                    pool.createSnapshot("g" + generation + "-" + snapshots++, null, true);
                }
                device.writeAtomic(AtomicWriteCrashTest.OFFSET, ByteBuffer.wrap(AtomicWriteCrashTest.generation(generation)));
                System.out.println("ok " + generation);
                System.out.flush();
            }
        }
    }
}
