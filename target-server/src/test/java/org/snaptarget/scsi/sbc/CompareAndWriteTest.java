package org.snaptarget.scsi.sbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.scsi.sbc.ReadWriteTest.cdb10;
import static org.snaptarget.scsi.sbc.ReadWriteTest.pattern;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.StorageExecutor;
import org.snaptarget.scsi.TestTarget;
import org.snaptarget.scsi.TestTarget.Outcome;

/** COMPARE AND WRITE, VERIFY and WRITE AND VERIFY. */
class CompareAndWriteTest {

    private MemoryBlockDevice disk;
    private TestTarget target;

    @BeforeEach
    void setUp() {
        disk = new MemoryBlockDevice(256);
        target = new TestTarget(Map.of(0L, disk));
        target.clearAttention(TestTarget.NEXUS, 0);
    }

    static byte[] caw(long lba, int blocks, int flags) {
        byte[] c = new byte[16];
        c[0] = (byte) 0x89;
        c[1] = (byte) flags;
        for (int i = 0; i < 8; i++) {
            c[2 + i] = (byte) (lba >>> (56 - 8 * i));
        }
        c[13] = (byte) blocks;
        return c;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void matchingCompareWritesOnNeverWrittenBlocks() {
        byte[] next = pattern(512, 1);
        target.run(0, caw(5, 1, 0), 1024, concat(new byte[512], next)).assertGood();
        assertArrayEquals(next, Arrays.copyOfRange(disk.bytes(), 5 * 512, 6 * 512));
    }

    @Test
    void miscompareWritesNothingAndReportsTheFirstDifferingOffset() {
        byte[] old = pattern(1024, 3);
        System.arraycopy(old, 0, disk.bytes(), 0, 1024);
        byte[] expect = old.clone();
        expect[700] ^= 1;
        Outcome o = target.run(0, caw(0, 2, 0), 2048, concat(expect, new byte[1024])).assertSense(0x0E, 0x1D, 0x00);
        assertEquals(0xF0, o.sense()[0] & 0xFF, "VALID + current");
        assertEquals(700, ((o.sense()[5] & 0xFF) << 8) | (o.sense()[6] & 0xFF));
        assertArrayEquals(old, Arrays.copyOf(disk.bytes(), 1024));
    }

    @Test
    void zeroBlocksDoesNothingAndLimitsAreChecked() {
        target.run(0, caw(0, 0, 0), 0, null).assertGood();
        target.run(0, caw(0, 0, 0), 1024, new byte[1024]).assertInvalidCdbField(13, -1);
        target.run(0, caw(0, BlockLimits.MAX_COMPARE_AND_WRITE_BLOCKS + 1, 0), 0, null).assertInvalidCdbField(13, -1);
        target.run(0, caw(255, 2, 0), 2048, new byte[2048]).assertSense(5, 0x21, 0);
    }

    @Test
    void wrongDataOutSizeIsRefusedWithoutWriting() {
        byte[] data = new byte[4 * 512];
        Arrays.fill(data, 1024, 2048, (byte) 9);
        target.run(0, caw(0, 1, 0), 4 * 512, data).assertInvalidCdbField(13, -1);
        target.run(0, caw(0, 3, 0), 4 * 512, data).assertInvalidCdbField(13, -1);
        assertEquals(0, disk.writes.get());
    }

    @Test
    void fuaCompareAndWriteIsDurable() {
        target.run(0, caw(0, 1, 0x08), 1024, new byte[1024]).assertGood();
        assertEquals(1, disk.fuaWrites.get() + disk.flushes.get());
    }

    /**
     * N clients race CAW on one block, each trying to move the counter from a value it read to
     * value+1; each wins exactly when its compare matched, so the final value equals the number
     * of wins and no update is lost.
     */
    @Test
    void racingClientsNeverLoseAnUpdate() throws Exception {
        try (StorageExecutor pool = new StorageExecutor(4, 256)) {
            TestTarget t = new TestTarget(Map.of(0L, disk), pool);
            t.clearAttention(TestTarget.NEXUS, 0);
            int clients = 8;
            int rounds = 50;
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger miscompares = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int r = 0; r < rounds; r++) {
                        byte[] current = t.runAndWait(cdb10(0x28, 0, 7, 1), 512, null).data();
                        byte[] next = current.clone();
                        int value = java.nio.ByteBuffer.wrap(current).getInt();
                        java.nio.ByteBuffer.wrap(next).putInt(value + 1);
                        Outcome o = t.runAndWait(caw(7, 1, 0), 1024, concat(current, next));
                        if (o.status() == ScsiResponse.GOOD) {
                            wins.incrementAndGet();
                        } else {
                            o.assertSense(0x0E, 0x1D, 0);
                            miscompares.incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread th : threads) {
                th.join(30_000);
            }
            int finalValue = java.nio.ByteBuffer.wrap(disk.bytes(), 7 * 512, 4).getInt();
            assertEquals(clients * rounds, wins.get() + miscompares.get());
            assertEquals(wins.get(), finalValue, "every win incremented exactly once");
            assertTrue(wins.get() >= rounds, "progress was made");
        }
    }

    private static byte[] verifyCdb(int opcode, int bytchk, long lba, int blocks) {
        return cdb10(opcode, bytchk << 1, lba, blocks);
    }

    @Test
    void verifyWithBytchkComparesAgainstDataOut() {
        byte[] data = pattern(1024, 5);
        System.arraycopy(data, 0, disk.bytes(), 512, 1024);
        target.run(0, verifyCdb(0x2F, 1, 1, 2), 1024, data).assertGood();
        byte[] wrong = data.clone();
        wrong[513] ^= 0x40;
        Outcome o = target.run(0, verifyCdb(0x2F, 1, 1, 2), 1024, wrong).assertSense(0x0E, 0x1D, 0);
        assertEquals(513, ((o.sense()[5] & 0xFF) << 8) | (o.sense()[6] & 0xFF));
    }

    @Test
    void verifyWithoutBytchkChecksOnlyRangeAndMedium() {
        target.run(0, verifyCdb(0x2F, 0, 0, 16), 0, null).assertGood();
        target.run(0, verifyCdb(0x2F, 0, 250, 16), 0, null).assertSense(5, 0x21, 0);
        target.run(0, verifyCdb(0x2F, 0, 0, 0), 0, null).assertGood();
        target.run(0, verifyCdb(0x2F, 2, 0, 1), 0, null).assertInvalidCdbField(1, 2);
    }

    @Test
    void verifyBytchkThreeComparesEveryBlockWithOne() {
        byte[] block = pattern(512, 9);
        for (int i = 0; i < 4; i++) {
            System.arraycopy(block, 0, disk.bytes(), i * 512, 512);
        }
        target.run(0, verifyCdb(0x2F, 3, 0, 4), 512, block).assertGood();
        disk.bytes()[3 * 512 + 10] ^= 1;
        Outcome o = target.run(0, verifyCdb(0x2F, 3, 0, 4), 512, block).assertSense(0x0E, 0x1D, 0);
        assertEquals(10, o.sense()[6]);
    }

    @Test
    void writeAndVerifyWritesAndChecks() {
        byte[] data = pattern(1024, 6);
        target.run(0, cdb10(0x2E, 0x02, 20, 2), 1024, data).assertGood();
        assertArrayEquals(data, Arrays.copyOfRange(disk.bytes(), 20 * 512, 22 * 512));
        target.run(0, cdb10(0x2E, 0, 255, 2), 1024, data).assertSense(5, 0x21, 0);
    }

    @Test
    void orWriteCombinesDataWithTheMedium() {
        Arrays.fill(disk.bytes(), 0, 512, (byte) 0x0F);
        byte[] data = new byte[512];
        Arrays.fill(data, (byte) 0xF0);
        data[3] = 0x01;
        target.run(0, TestTarget.cdb16(0x8B, 0, 0, 1), 512, data).assertGood();
        assertEquals((byte) 0xFF, disk.bytes()[0]);
        assertEquals((byte) 0x0F, disk.bytes()[3]);
        target.run(0, TestTarget.cdb16(0x8B, 0, 256, 1), 512, data).assertSense(5, 0x21, 0);
        target.run(0, TestTarget.cdb16(0x8B, 0x20, 0, 1), 512, data).assertInvalidCdbField(1, 5);
    }

    @Test
    void readDefectDataReturnsAnEmptyList() {
        byte[] d10 = target.run(0, 0x37, 0, 0x1D, 0, 0, 0, 0, 0, 64, 0).assertGood().data();
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {0, 0x1D, 0, 0}, d10);
        byte[] d12 = target.run(0, 0xB7, 0x0C, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0).assertGood().data();
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {0, 0x0C, 0, 0, 0, 0, 0, 0}, d12);
    }
}
