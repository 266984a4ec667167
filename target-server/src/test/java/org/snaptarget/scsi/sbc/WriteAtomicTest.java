package org.snaptarget.scsi.sbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.scsi.TestTarget.u32;
import static org.snaptarget.scsi.sbc.ReadWriteTest.pattern;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.lun.AtomicWriteJournal;
import org.snaptarget.lun.AtomicWriteJournals;
import org.snaptarget.lun.JournaledBlockDevice;
import org.snaptarget.lun.SharedVolume;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.StorageExecutor;
import org.snaptarget.scsi.TestTarget;
import org.snaptarget.scsi.TestTarget.Outcome;

/** WRITE ATOMIC(16) (SBC-4 §5.48) and the atomic fields of the Block Limits VPD page. */
class WriteAtomicTest {

    private MemoryBlockDevice disk;
    private TestTarget target;

    @BeforeEach
    void setUp() {
        disk = new MemoryBlockDevice(256);
        target = new TestTarget(Map.of(0L, disk));
        target.clearAttention(TestTarget.NEXUS, 0);
    }

    static byte[] writeAtomic(long lba, int blocks, int boundary, int flags) {
        byte[] c = new byte[16];
        c[0] = (byte) 0x9C;
        c[1] = (byte) flags;
        for (int i = 0; i < 8; i++) {
            c[2 + i] = (byte) (lba >>> (56 - 8 * i));
        }
        c[10] = (byte) (boundary >>> 8);
        c[11] = (byte) boundary;
        c[12] = (byte) (blocks >>> 8);
        c[13] = (byte) blocks;
        return c;
    }

    @Test
    void oneBlockIsWrittenAtItsLba() {
        byte[] data = pattern(512, 4);
        target.run(0, writeAtomic(9, 1, 0, 0), 512, data).assertGood();
        assertArrayEquals(data, Arrays.copyOfRange(disk.bytes(), 9 * 512, 10 * 512));
    }

    @Test
    void lastBlockOfTheMediumIsWritable() {
        target.run(0, writeAtomic(255, 1, 0, 0), 512, pattern(512, 2)).assertGood();
    }

    @Test
    void moreThanMaximumAtomicTransferLengthIsInvalidFieldAtTransferLengthAndWritesNothing() {
        target.run(0, writeAtomic(0, 2, 0, 0), 1024, pattern(1024, 1)).assertInvalidCdbField(12, -1);
        assertEquals(0, disk.writes.get());
    }

    @Test
    void nonZeroAtomicBoundaryIsRefusedSinceNoBoundariesAreOffered() {
        target.run(0, writeAtomic(0, 1, 1, 0), 512, pattern(512, 1)).assertInvalidCdbField(10, -1);
        assertEquals(0, disk.writes.get());
    }

    @Test
    void rangeLeavingTheMediumIsLbaOutOfRangeBeforeTheLengthCheck() {
        target.run(0, writeAtomic(255, 2, 0, 0), 1024, new byte[1024]).assertSense(5, 0x21, 0);
        target.run(0, writeAtomic(0x8000_0000_0000_0000L, 1, 0, 0), 512, new byte[512]).assertSense(5, 0x21, 0);
        target.run(0, writeAtomic(-1L, 1, 0, 0), 512, new byte[512]).assertSense(5, 0x21, 0);
    }

    @Test
    void zeroBlocksWritesNothingButStillChecksTheLba() {
        target.run(0, writeAtomic(0, 0, 0, 0), 0, null).assertGood();
        target.run(0, writeAtomic(256, 0, 0, 0), 0, null).assertGood();
        target.run(0, writeAtomic(257, 0, 0, 0), 0, null).assertSense(5, 0x21, 0);
        assertEquals(0, disk.writes.get());
    }

    @Test
    void wrprotectIsRefusedAndDpoFuaAccepted() {
        target.run(0, writeAtomic(0, 1, 0, 0x20), 512, new byte[512]).assertInvalidCdbField(1, 5);
        target.run(0, writeAtomic(0, 1, 0, 0x10), 512, new byte[512]).assertGood();
        target.run(0, writeAtomic(0, 1, 0, 0x08), 512, new byte[512]).assertGood();
        assertEquals(2, disk.fuaWrites.get(), "every atomic write is durable before GOOD, FUA or not");
    }

    @Test
    void dataOutOtherThanTheTransferLengthIsRefusedWithoutWriting() {
        target.run(0, writeAtomic(0, 1, 0, 0), 1024, new byte[1024]).assertInvalidCdbField(12, -1);
        target.run(0, writeAtomic(0, 1, 0, 0), 256, new byte[256]).assertInvalidCdbField(12, -1);
        target.run(0, writeAtomic(0, 0, 0, 0), 512, new byte[512]).assertInvalidCdbField(12, -1);
        assertEquals(0, disk.writes.get());
    }

    @Test
    void readOnlyLuIsWriteProtected() {
        TestTarget ro = new TestTarget(Map.of(0L, new MemoryBlockDevice(16, 512, true)));
        ro.clearAttention(TestTarget.NEXUS, 0);
        ro.run(0, writeAtomic(0, 1, 0, 0), 512, new byte[512]).assertSense(7, 0x27, 0);
    }

    @Test
    void blockLimitsAdvertiseOneBlockAlignedAnywhereAndNoBoundaries() {
        byte[] d = target.run(0, 0x12, 1, 0xB0, 0, 255, 0).assertGood().data();
        assertEquals(1, u32(d, 44), "MAXIMUM ATOMIC TRANSFER LENGTH");
        assertEquals(1, u32(d, 48), "ATOMIC ALIGNMENT");
        assertEquals(1, u32(d, 52), "ATOMIC TRANSFER LENGTH GRANULARITY");
        assertEquals(0, u32(d, 56), "MAXIMUM ATOMIC TRANSFER LENGTH WITH ATOMIC BOUNDARY");
        assertEquals(0, u32(d, 60), "MAXIMUM ATOMIC BOUNDARY SIZE");
    }

    /**
     * A store-backed LU journals atomic writes ({@code lun.JournaledBlockDevice}): 1 MiB, 2,048 blocks,
     * is advertised, a 256-block atomic write lands whole, and one block more than advertised is refused.
     */
    @Test
    void journaledLuAdvertisesAndWritesUpToOneMebibyteAtomically(@TempDir Path dir) throws IOException {
        MemoryBlockDevice raw = new MemoryBlockDevice(4096);
        try (AtomicWriteJournals journals = new AtomicWriteJournals(dir)) {
            SharedVolume shared = journals.of(raw.identity(), "p1", 0, AtomicWriteJournal.Target.of(raw));
            TestTarget t = new TestTarget(Map.of(0L, new JournaledBlockDevice(raw, shared)));
            t.clearAttention(TestTarget.NEXUS, 0);
            byte[] d = t.run(0, 0x12, 1, 0xB0, 0, 255, 0).assertGood().data();
            assertEquals(2048, u32(d, 44), "MAXIMUM ATOMIC TRANSFER LENGTH");
            byte[] data = pattern(256 * 512, 0x3C);
            t.run(0, writeAtomic(100, 256, 0, 0), 256 * 512, data).assertGood();
            assertArrayEquals(data, Arrays.copyOfRange(raw.bytes(), 100 * 512, 356 * 512));
            t.run(0, writeAtomic(0, 2049, 0, 0), 2049 * 512, new byte[2049 * 512]).assertInvalidCdbField(12, -1);
        }
    }

    /** A 4096-byte block spans several disk sectors and may tear, so nothing is promised or offered. */
    @Test
    void luWhoseBlockIsNotOneSectorOffersNoAtomicWrite() {
        TestTarget big = new TestTarget(Map.of(0L, new MemoryBlockDevice(16, 4096, false)));
        big.clearAttention(TestTarget.NEXUS, 0);
        big.run(0, writeAtomic(0, 1, 0, 0), 4096, new byte[4096]).assertSense(5, 0x20, 0);
        byte[] d = big.run(0, 0x12, 1, 0xB0, 0, 255, 0).assertGood().data();
        for (int at = 44; at < 64; at += 4) {
            assertEquals(0, u32(d, at), "byte " + at);
        }
        byte[] one = big.run(0, 0xA3, 0x0C, 0x01, 0x9C, 0, 0, 0, 0, 0x01, 0, 0, 0).assertGood().data();
        assertEquals(0x01, one[1] & 0x07, "REPORT SUPPORTED OPERATION CODES: not supported on this LU");
        assertTrue(opcodesListed(big).noneMatch(op -> op == 0x9C));
    }

    @Test
    void reportSupportedOperationCodesListsWriteAtomicWithItsUsageMap() {
        byte[] one = target.run(0, 0xA3, 0x0C, 0x01, 0x9C, 0, 0, 0, 0, 0x01, 0, 0, 0).assertGood().data();
        assertEquals(0x03, one[1] & 0x07, "SUPPORT 011b");
        assertEquals(16, TestTarget.u16(one, 2));
        assertEquals(0x9C, one[4] & 0xFF);
        assertEquals(0x18, one[5] & 0xFF, "DPO and FUA usable, WRPROTECT not");
        assertEquals(0xFF, one[14] & 0xFF, "ATOMIC BOUNDARY is a defined field");
        assertTrue(opcodesListed(target).anyMatch(op -> op == 0x9C));
    }

    private static java.util.stream.IntStream opcodesListed(TestTarget t) {
        byte[] all = t.run(0, 0xA3, 0x0C, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0).assertGood().data();
        return java.util.stream.IntStream.iterate(4, at -> at < all.length, at -> at + 8).map(at -> all[at] & 0xFF);
    }

    /**
     * WRITE(16)s of two blocks race WRITE ATOMICs of the second block; a device that counts overlapping
     * writes in flight (and lingers inside each) must never see two at once, and the block must end up
     * holding one command's data whole.
     */
    @Test
    void atomicWriteNeverOverlapsAnotherWriteToItsRange() throws Exception {
        OverlapCountingDevice slow = new OverlapCountingDevice(64);
        try (StorageExecutor pool = new StorageExecutor(4, 256)) {
            TestTarget t = new TestTarget(Map.of(0L, slow), pool);
            t.clearAttention(TestTarget.NEXUS, 0);
            byte[] atomicData = filled(512, 0xA1);
            byte[] plainData = filled(1024, 0x5C);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                boolean atomic = c % 2 == 0;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int r = 0; r < 20; r++) {
                        Outcome o = atomic
                                ? t.runAndWait(writeAtomic(1, 1, 0, 0), 512, atomicData)
                                : t.runAndWait(TestTarget.cdb16(0x8A, 0, 0, 2), 1024, plainData);
                        assertEquals(ScsiResponse.GOOD, o.status());
                    }
                }));
            }
            for (Thread th : threads) {
                th.join(30_000);
            }
            assertEquals(1, slow.maxInFlight.get(), "overlapping writes ran concurrently");
            byte[] block = Arrays.copyOfRange(slow.bytes(), 512, 1024);
            assertTrue(Arrays.equals(block, atomicData) || Arrays.equals(block, Arrays.copyOf(plainData, 512)));
        }
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** Every write touches block 1 here; counts writes in flight and stays inside each for a moment. */
    private static final class OverlapCountingDevice extends MemoryBlockDevice {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        OverlapCountingDevice(int blocks) {
            super(blocks);
        }

        @Override
        public void write(long offset, ByteBuffer src, boolean fua) throws IOException {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(1);
                super.write(offset, src, fua);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }
}
