package org.snaptarget.lun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.scsi.DeviceIdentity;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.MemoryBlockDevice;

/**
 * WRITE ATOMIC's device side for store-backed LUNs: readers never see an atomic write half
 * applied, LUNs of one volume share its journal and range lock, and a write a crash left pending
 * is replayed before the volume is exported again.
 */
class JournaledBlockDeviceTest {

    private static final int BLOCKS = 256;
    private static final DeviceIdentity IDENTITY = new DeviceIdentity(0x6001405012345678L, "SERIAL0042");

    @TempDir
    Path dir;

    /** Writes one block at a time, unsynchronised, and can stop half way through a write until told to go on. */
    static final class TearingDevice extends MemoryBlockDevice {
        volatile CountDownLatch halfway;
        volatile CountDownLatch proceed;

        TearingDevice() {
            super(BLOCKS);
        }

        @Override
        public void write(long offset, ByteBuffer src, boolean fua) {
            int blocks = src.remaining() / 512;
            for (int i = 0; i < blocks; i++) {
                if (i == blocks / 2 && halfway != null) {
                    halfway.countDown();
                    await(proceed);
                }
                src.get(bytes(), (int) offset + i * 512, 512);
                Thread.yield();
            }
        }

        @Override
        public void read(long offset, ByteBuffer dst) {
            dst.put(bytes(), (int) offset, dst.remaining());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "latch not released");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static AtomicWriteJournal.Target raw(MemoryBlockDevice d) {
        return AtomicWriteJournal.Target.of(d);
    }

    private static ByteBuffer pattern(int blocks, int value) {
        byte[] b = new byte[blocks * 512];
        Arrays.fill(b, (byte) value);
        return ByteBuffer.wrap(b);
    }

    private static boolean uniform(byte[] b, int value) {
        for (byte x : b) {
            if (x != (byte) value) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aReadOverlappingAnAtomicWriteInFlightWaitsAndSeesItWhole() throws Exception {
        TearingDevice raw = new TearingDevice();
        try (AtomicWriteJournals journals = new AtomicWriteJournals(dir)) {
            JournaledBlockDevice dev = new JournaledBlockDevice(raw, journals.of(IDENTITY, "p1", 0, raw(raw)));
            raw.halfway = new CountDownLatch(1);
            raw.proceed = new CountDownLatch(1);
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    dev.writeAtomic(0, pattern(16, 0xA6));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            await(raw.halfway);
            byte[] overlapping = new byte[4 * 512];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    dev.read(6 * 512, ByteBuffer.wrap(overlapping));
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            byte[] disjoint = new byte[512];
            dev.read(100 * 512, ByteBuffer.wrap(disjoint));
            reader.join(300);
            assertTrue(reader.isAlive(), "the overlapping read returned while the atomic write was half applied");
            raw.proceed.countDown();
            reader.join(10_000);
            writer.join(10_000);
            assertEquals(null, failure.get());
            assertTrue(uniform(overlapping, 0xA6), "the read saw the write whole once it was applied");
        }
    }

    @Test
    void concurrentReadersNeverSeeAMixOfTwoAtomicWrites() throws Exception {
        TearingDevice raw = new TearingDevice();
        try (AtomicWriteJournals journals = new AtomicWriteJournals(dir)) {
            JournaledBlockDevice dev = new JournaledBlockDevice(raw, journals.of(IDENTITY, "p1", 0, raw(raw)));
            dev.writeAtomic(0, pattern(64, 0x11));
            AtomicInteger torn = new AtomicInteger();
            AtomicInteger reads = new AtomicInteger();
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 60; i++) {
                        dev.writeAtomic(0, pattern(64, i % 2 == 0 ? 0x22 : 0x11));
                    }
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            Thread[] readers = new Thread[2];
            for (int r = 0; r < readers.length; r++) {
                readers[r] = Thread.ofPlatform().start(() -> {
                    byte[] buf = new byte[64 * 512];
                    while (writer.isAlive() && reads.get() < 100_000) {
                        try {
                            dev.read(0, ByteBuffer.wrap(buf));
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                        reads.incrementAndGet();
                        if (!uniform(buf, 0x11) && !uniform(buf, 0x22)) {
                            torn.incrementAndGet();
                        }
                    }
                });
            }
            writer.join(60_000);
            for (Thread r : readers) {
                r.join(10_000);
            }
            assertFalse(writer.isAlive());
            assertTrue(reads.get() > 0);
            assertEquals(0, torn.get(), "reads that saw parts of two atomic writes, of " + reads.get());
        }
    }

    /** Writes at most {@code allowBytes} of each write (all when negative), then fails like a full store. */
    static final class FailingDevice extends MemoryBlockDevice {
        volatile int allowBytes = -1;

        FailingDevice() {
            super(BLOCKS);
        }

        @Override
        public synchronized void write(long offset, ByteBuffer src, boolean fua) throws IOException {
            int n = src.remaining();
            int allowed = allowBytes < 0 ? n : Math.min(n, allowBytes);
            src.get(bytes(), (int) offset, allowed);
            if (allowed < n) {
                throw new org.snaptarget.scsi.SpaceExhaustedException("store full after " + allowed + " bytes");
            }
        }
    }

    private static byte[] blocks(MemoryBlockDevice d, int from, int count) {
        return Arrays.copyOfRange(d.bytes(), from * 512, (from + count) * 512);
    }

    /**
     * An apply that fails half way (the host gets the error) never shows, and is never replayed over
     * newer data: reads see the write whole, an overlapping write first finishes it (or fails while
     * the store still cannot), a write elsewhere is not held up.
     */
    @Test
    void anAtomicWriteWhoseApplyFailedIsSeenWholeAndFinishedBeforeAnyOverlappingWrite() throws IOException {
        FailingDevice raw = new FailingDevice();
        try (AtomicWriteJournals journals = new AtomicWriteJournals(dir)) {
            JournaledBlockDevice dev = new JournaledBlockDevice(raw, journals.of(IDENTITY, "p1", 0, raw(raw)));
            raw.allowBytes = 8 * 512;
            org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> dev.writeAtomic(0, pattern(16, 0xA1)));
            assertTrue(uniform(blocks(raw, 8, 8), 0), "the failed apply left the second half unwritten");

            byte[] seen = new byte[16 * 512];
            dev.read(0, ByteBuffer.wrap(seen));
            assertTrue(uniform(seen, 0xA1), "a reader sees the failed atomic write whole");

            raw.allowBytes = 0;
            org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> dev.write(12 * 512, pattern(4, 0xB2), false));
            assertTrue(uniform(blocks(raw, 12, 4), 0), "the overlapping write did not land before the atomic one");

            raw.allowBytes = -1;
            dev.write(100 * 512, pattern(1, 0xC3), false);
            assertTrue(uniform(blocks(raw, 100, 1), 0xC3), "a write elsewhere is not held up");

            dev.write(12 * 512, pattern(4, 0xB2), false);
            assertTrue(uniform(blocks(raw, 0, 12), 0xA1), "the pending atomic write was finished first");
            assertTrue(uniform(blocks(raw, 12, 4), 0xB2), "then the overlapping write landed over it");

            dev.writeAtomic(50 * 512, pattern(2, 0xD4));
            assertTrue(uniform(blocks(raw, 12, 4), 0xB2), "no later replay puts older bytes back");
            assertTrue(journals.of(IDENTITY, "p1", 0, raw(raw)).journal().pending().isEmpty());
        }
    }

    @Test
    void lunsOfOneVolumeShareItsJournalAndRangeLock() throws IOException {
        MemoryBlockDevice raw = new MemoryBlockDevice(BLOCKS);
        try (AtomicWriteJournals journals = new AtomicWriteJournals(dir)) {
            SharedVolume a = journals.of(IDENTITY, "p1/s", 7, raw(raw));
            SharedVolume b = journals.of(IDENTITY, "p1/s", 7, raw(raw));
            assertSame(a, b);
            LogicalUnit lun0 = new LogicalUnit(0, new JournaledBlockDevice(raw, a));
            LogicalUnit lun1 = new LogicalUnit(1, new JournaledBlockDevice(raw, b));
            assertSame(lun0.writeLock(), lun1.writeLock(), "writes through either LUN are ordered by one lock");
            assertEquals(AtomicWriteJournals.CAPACITY_BYTES / 512, lun0.device().atomicWriteBlocks());
        }
    }

    @Test
    void aWriteACrashLeftPendingIsReplayedWhenTheVolumeIsNextExported() throws IOException {
        MemoryBlockDevice before = new MemoryBlockDevice(BLOCKS);
        try (AtomicWriteJournals journals = new AtomicWriteJournals(dir)) {
            JournaledBlockDevice dev = new JournaledBlockDevice(before, journals.of(IDENTITY, "p1", 0, raw(before)));
            before.failNext = new IOException("power cut before the apply");
            try {
                dev.writeAtomic(512, pattern(8, 0x77));
            } catch (IOException expected) {
                // the write is logged but not applied
            }
        }
        assertTrue(uniform(Arrays.copyOfRange(before.bytes(), 512, 512 + 8 * 512), 0));
        MemoryBlockDevice after = new MemoryBlockDevice(BLOCKS);
        System.arraycopy(before.bytes(), 0, after.bytes(), 0, before.bytes().length);
        try (AtomicWriteJournals journals = new AtomicWriteJournals(dir)) {
            journals.of(IDENTITY, "p1", 0, raw(after));
        }
        assertTrue(uniform(Arrays.copyOfRange(after.bytes(), 512, 512 + 8 * 512), 0x77));
        assertEquals(1, after.flushes.get(), "the replay is flushed");
    }

    @Test
    void discardDeletesTheJournalOfADeletedVolume() throws IOException {
        MemoryBlockDevice raw = new MemoryBlockDevice(BLOCKS);
        try (AtomicWriteJournals journals = new AtomicWriteJournals(dir)) {
            journals.of(IDENTITY, "p1/s", 7, raw(raw));
            Path file = dir.resolve(IDENTITY.naaHex() + AtomicWriteJournals.SUFFIX);
            assertTrue(Files.exists(file));
            journals.discard(IDENTITY);
            assertFalse(Files.exists(file));
        }
    }
}
