package org.snaptarget.lun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.lun.AtomicWriteJournal.Recovery;

/**
 * The redo journal of WRITE ATOMIC: a crash at every step of the protocol (before the apply, in the
 * middle of it, after it but before the flush, after the flush but before the retire, and while
 * the journal itself is written) leaves a volume that, after {@link AtomicWriteJournal#open} and
 * {@link AtomicWriteJournal#replay}, holds all the old or all the new bytes.
 */
class AtomicWriteJournalTest {

    private static final int CAPACITY = 64 * 512;
    private static final String NAME = "p1/snap";
    private static final long ID = 0x1234_5678_9abc_def0L;

    @TempDir
    Path dir;

    /** A volume in memory that can "crash" after a given number of bytes of one write. */
    static final class Volume implements AtomicWriteJournal.Target {
        final byte[] bytes = new byte[256 * 512];
        int crashAfterBytes = -1;
        boolean crashInFlush;
        int flushes;

        @Override
        public void write(long offset, ByteBuffer src) throws IOException {
            int n = src.remaining();
            int allowed = crashAfterBytes < 0 ? n : Math.min(n, crashAfterBytes);
            src.get(bytes, (int) offset, allowed);
            if (allowed < n) {
                throw new IOException("power cut after " + allowed + " bytes");
            }
        }

        @Override
        public void flush() throws IOException {
            if (crashInFlush) {
                throw new IOException("power cut in flush");
            }
            flushes++;
        }
    }

    private Path file() {
        return dir.resolve("v.awj");
    }

    private static ByteBuffer pattern(int blocks, int value) {
        byte[] b = new byte[blocks * 512];
        Arrays.fill(b, (byte) value);
        return ByteBuffer.wrap(b);
    }

    private static void assertRange(Volume v, int from, int length, int value) {
        for (int i = from; i < from + length; i++) {
            assertEquals((byte) value, v.bytes[i], "byte " + i);
        }
    }

    @Test
    void writeAppliesFlushesAndLeavesNothingToReplay() throws IOException {
        Volume v = new Volume();
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            assertEquals(Recovery.CLEAN, j.recovery());
            j.write(1024, pattern(8, 0x5a), v);
        }
        assertRange(v, 1024, 8 * 512, 0x5a);
        assertEquals(1, v.flushes);
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            assertEquals(Recovery.CLEAN, j.recovery());
            assertFalse(j.replay(v));
        }
        assertEquals(AtomicWriteJournal.HEADER_BYTES + CAPACITY, Files.size(file()), "preallocated, never grown");
    }

    @Test
    void crashAtEveryByteOfTheApplyIsFinishedByReplay() throws IOException {
        int length = 4 * 512;
        for (int cut = 0; cut < length; cut += 97) {
            Files.deleteIfExists(file());
            Volume v = new Volume();
            v.crashAfterBytes = cut;
            try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
                assertThrows(IOException.class, () -> j.write(512, pattern(4, 0xa6), v));
            }
            v.crashAfterBytes = -1;
            try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
                assertEquals(Recovery.PENDING, j.recovery(), "cut at " + cut);
                assertEquals(512, j.pending().orElseThrow().offset());
                assertTrue(j.replay(v));
                assertTrue(j.pending().isEmpty());
            }
            assertRange(v, 512, length, 0xa6);
            try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
                assertEquals(Recovery.CLEAN, j.recovery(), "replay retired the journal");
            }
        }
    }

    @Test
    void crashAfterTheApplyBeforeTheRetireReplaysTheSameBytesHarmlessly() throws IOException {
        Volume v = new Volume();
        v.crashInFlush = true;
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            assertThrows(IOException.class, () -> j.write(0, pattern(2, 0x11), v));
            assertTrue(j.pending().isPresent(), "a failed flush leaves the write pending");
            assertThrows(IllegalStateException.class, () -> j.write(0, pattern(1, 0x22), v),
                    "no new write is logged over an unreplayed one");
        }
        v.crashInFlush = false;
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            assertTrue(j.replay(v));
        }
        assertRange(v, 0, 1024, 0x11);
    }

    @Test
    void headerTornWhileLoggingMeansTheVolumeWasNeverTouched() throws IOException {
        Volume v = new Volume();
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            v.crashAfterBytes = 0;
            assertThrows(IOException.class, () -> j.write(0, pattern(2, 0x33), v));
        }
        flipByte(20);
        v.crashAfterBytes = -1;
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            assertEquals(Recovery.TORN_HEADER, j.recovery());
            assertFalse(j.replay(v));
        }
        assertRange(v, 0, 1024, 0);
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            assertEquals(Recovery.CLEAN, j.recovery(), "the torn header was rewritten empty");
        }
    }

    @Test
    void dataTornWhileLoggingIsNotReplayed() throws IOException {
        Volume v = new Volume();
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            v.crashAfterBytes = 0;
            assertThrows(IOException.class, () -> j.write(0, pattern(2, 0x44), v));
        }
        flipByte(AtomicWriteJournal.HEADER_BYTES + 700);
        v.crashAfterBytes = -1;
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            assertEquals(Recovery.TORN_DATA, j.recovery());
            assertFalse(j.replay(v));
        }
        assertRange(v, 0, 1024, 0);
    }

    @Test
    void retireTornByACrashLeavesTheAppliedWriteAlone() throws IOException {
        Volume v = new Volume();
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            j.write(0, pattern(2, 0x55), v);
        }
        flipByte(12);
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            assertEquals(Recovery.TORN_HEADER, j.recovery());
        }
        assertRange(v, 0, 1024, 0x55);
    }

    @Test
    void pendingWriteOfAnotherVolumeIsRefusedNamingBoth() throws IOException {
        Volume v = new Volume();
        v.crashAfterBytes = 0;
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            assertThrows(IOException.class, () -> j.write(0, pattern(1, 1), v));
        }
        IOException e = assertThrows(IOException.class, () -> AtomicWriteJournal.open(file(), "p1/other", ID + 1, CAPACITY));
        assertTrue(e.getMessage().contains("p1/snap") && e.getMessage().contains("p1/other"), e.getMessage());
    }

    @Test
    void pendingWriteLongerThanTheCapacityIsRefusedNotTruncated() throws IOException {
        Volume v = new Volume();
        v.crashAfterBytes = 0;
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            assertThrows(IOException.class, () -> j.write(0, pattern(64, 1), v));
        }
        IOException e = assertThrows(IOException.class, () -> AtomicWriteJournal.open(file(), NAME, ID, 512));
        assertTrue(e.getMessage().contains("32768"), e.getMessage());
    }

    @Test
    void writesOutsideOneToCapacityBytesAreRejectedBeforeLogging() throws IOException {
        Volume v = new Volume();
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            assertThrows(IllegalArgumentException.class, () -> j.write(0, pattern(65, 1), v));
            assertThrows(IllegalArgumentException.class, () -> j.write(0, ByteBuffer.allocate(0), v));
            assertTrue(j.pending().isEmpty());
        }
    }

    @Test
    void sequenceNumbersContinueAcrossReopen() throws IOException {
        Volume v = new Volume();
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            j.write(0, pattern(1, 1), v);
            j.write(0, pattern(1, 2), v);
        }
        v.crashAfterBytes = 0;
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            assertThrows(IOException.class, () -> j.write(0, pattern(1, 3), v));
        }
        try (AtomicWriteJournal j = AtomicWriteJournal.open(file(), NAME, ID, CAPACITY)) {
            assertEquals(3, j.pending().orElseThrow().sequence());
            byte[] logged = new byte[512];
            j.pending().orElseThrow().data().duplicate().get(logged);
            assertArrayEquals(pattern(1, 3).array(), logged);
        }
    }

    private void flipByte(long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x40)).position(0);
            ch.write(b, at);
        }
    }
}
