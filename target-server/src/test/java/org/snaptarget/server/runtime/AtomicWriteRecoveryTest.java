package org.snaptarget.server.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.lun.AtomicWriteJournal;
import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.store.SnapshotId;

/**
 * A WRITE ATOMIC that a crash cut after it was journaled and before it reached the volume is
 * finished when the server next exports the volume, before any host can read or write it; the
 * journal of a deleted snapshot goes with it.
 */
class AtomicWriteRecoveryTest {

    private static final String TARGET = ServerRuntimeTest.TARGET;

    @TempDir
    Path dir;
    ServerRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private Path journalOf(BlockDevice device) {
        return dir.resolve("atomic").resolve(device.identity().naaHex() + ".awj");
    }

    @Test
    void aJournaledWriteCutBeforeTheVolumeIsAppliedAtTheNextStart() throws Exception {
        runtime = ServerRuntime.start(ServerRuntimeTest.config(dir), null);
        BlockDevice origin = runtime.device(TARGET, 0);
        Path journal = journalOf(origin);
        assertTrue(Files.exists(journal), "the export opened its volume's journal");
        runtime.close();
        runtime = null;

        byte[] data = ServerRuntimeTest.pattern(256 * 512, 9);
        try (AtomicWriteJournal j = AtomicWriteJournal.open(journal, "default", SnapshotId.ORIGIN.bits(), 1 << 20)) {
            assertThrows(IOException.class, () -> j.write(64 * 512, ByteBuffer.wrap(data), new AtomicWriteJournal.Target() {
                @Override
                public void write(long offset, ByteBuffer src) throws IOException {
                    throw new IOException("power cut before the volume was touched");
                }

                @Override
                public void flush() {
                }
            }));
        }

        runtime = ServerRuntime.start(ServerRuntimeTest.config(dir), null);
        ByteBuffer back = ByteBuffer.allocate(data.length);
        runtime.device(TARGET, 0).read(64 * 512, back);
        assertArrayEquals(data, back.array(), "the pending atomic write was replayed whole");
        try (AtomicWriteJournal j = AtomicWriteJournal.open(dir.resolve("check.awj"), "x", 0, 512)) {
            assertEquals(AtomicWriteJournal.Recovery.CLEAN, j.recovery());
        }
    }

    @Test
    void deletingASnapshotDeletesItsJournal() throws Exception {
        runtime = ServerRuntime.start(ServerRuntimeTest.config(dir), null);
        runtime.createSnapshot("default", "s1", null, false);
        runtime.addLun(TARGET, 4, "default", "s1", false);
        BlockDevice snap = runtime.device(TARGET, 4);
        snap.writeAtomic(0, ByteBuffer.wrap(ServerRuntimeTest.pattern(8 * 512, 4)));
        Path journal = journalOf(snap);
        assertTrue(Files.exists(journal));
        runtime.removeLun(TARGET, 4);
        runtime.deleteSnapshot("default", "s1");
        assertFalse(Files.exists(journal));
    }
}
