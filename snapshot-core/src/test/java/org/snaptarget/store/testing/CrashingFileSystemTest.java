package org.snaptarget.store.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.snaptarget.store.io.StoreFile;
import org.snaptarget.store.testing.CrashingFileSystem.Loss;
import org.snaptarget.store.testing.CrashingFileSystem.PowerLoss;

class CrashingFileSystemTest {

    private static final Path FILE = Path.of("/mem/store");

    private static byte[] bytes(int value, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] read(StoreFile f, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        f.read(buf, position);
        return buf.array();
    }

    @Test
    void readsSeeUnforcedWritesAndUnwrittenBytesReadAsZeros() throws IOException {
        CrashingFileSystem fs = new CrashingFileSystem();
        StoreFile f = fs.open(FILE, true);
        f.write(ByteBuffer.wrap(bytes(7, 1000)), 5000);
        assertArrayEquals(bytes(7, 1000), read(f, 5000, 1000));
        assertArrayEquals(bytes(0, 100), read(f, 6000, 100));
        assertArrayEquals(bytes(0, 100), read(f, 1 << 30, 100));
        assertEquals(6000, f.size());
    }

    @Test
    void openWithoutCreateOfAMissingFileFails() {
        CrashingFileSystem fs = new CrashingFileSystem();
        assertThrows(NoSuchFileException.class, () -> fs.open(FILE, false));
        assertFalse(fs.exists(FILE));
    }

    @Test
    void dropAllKeepsExactlyTheForcedWrites() throws IOException {
        CrashingFileSystem fs = new CrashingFileSystem();
        StoreFile f = fs.open(FILE, true);
        f.write(ByteBuffer.wrap(bytes(1, 512)), 0);
        f.force();
        f.write(ByteBuffer.wrap(bytes(2, 512)), 0);
        f.write(ByteBuffer.wrap(bytes(3, 512)), 512);
        CrashingFileSystem after = fs.afterPowerLoss(Loss.DROP_ALL, 1);
        StoreFile g = after.open(FILE, false);
        assertArrayEquals(bytes(1, 512), read(g, 0, 512));
        assertArrayEquals(bytes(0, 512), read(g, 512, 512));
    }

    @Test
    void keepAllAppliesUnforcedWritesInIssueOrder() throws IOException {
        CrashingFileSystem fs = new CrashingFileSystem();
        StoreFile f = fs.open(FILE, true);
        f.write(ByteBuffer.wrap(bytes(2, 1024)), 0);
        f.write(ByteBuffer.wrap(bytes(3, 512)), 512);
        StoreFile g = fs.afterPowerLoss(Loss.KEEP_ALL, 1).open(FILE, false);
        assertArrayEquals(bytes(2, 512), read(g, 0, 512));
        assertArrayEquals(bytes(3, 512), read(g, 512, 512));
    }

    @Test
    void powerLossAtTheArmedWriteStopsEveryLaterCall() throws IOException {
        CrashingFileSystem fs = new CrashingFileSystem();
        StoreFile f = fs.open(FILE, true);
        f.write(ByteBuffer.wrap(bytes(1, 512)), 0);
        fs.crashAtWrite(2);
        f.write(ByteBuffer.wrap(bytes(2, 512)), 512);
        assertFalse(fs.powerOff());
        assertThrows(PowerLoss.class, () -> f.write(ByteBuffer.wrap(bytes(3, 512)), 1024));
        assertTrue(fs.powerOff());
        assertEquals(3, fs.writes());
        assertThrows(PowerLoss.class, () -> f.write(ByteBuffer.wrap(bytes(4, 512)), 0));
        assertThrows(PowerLoss.class, f::force);
        assertThrows(PowerLoss.class, () -> read(f, 0, 512));
        assertThrows(PowerLoss.class, () -> fs.open(Path.of("/mem/other"), true));
        assertEquals(3, fs.unforcedWrites(), "the write in flight counts as unforced");
        assertThrows(IllegalArgumentException.class, () -> fs.crashAtWrite(1));
    }

    @Test
    void theWriteInFlightMayReachTheDisk() throws IOException {
        CrashingFileSystem fs = new CrashingFileSystem();
        StoreFile f = fs.open(FILE, true);
        fs.crashAtWrite(0);
        assertThrows(PowerLoss.class, () -> f.write(ByteBuffer.wrap(bytes(9, 512)), 0));
        assertArrayEquals(bytes(9, 512), read(fs.afterPowerLoss(Loss.KEEP_ALL, 0).open(FILE, false), 0, 512));
        assertArrayEquals(bytes(0, 512), read(fs.afterPowerLoss(Loss.DROP_ALL, 0).open(FILE, false), 0, 512));
    }

    @Test
    void reorderAndTearKeepsWholeSectorsOnlyAndEveryOutcomeShowsUpOverSeeds() throws IOException {
        Set<String> outcomes = new HashSet<>();
        for (long seed = 0; seed < 400; seed++) {
            CrashingFileSystem fs = new CrashingFileSystem();
            StoreFile f = fs.open(FILE, true);
            f.write(ByteBuffer.wrap(bytes(1, 2048)), 0);
            f.force();
            f.write(ByteBuffer.wrap(bytes(2, 2048)), 0);
            f.write(ByteBuffer.wrap(bytes(3, 2048)), 0);
            byte[] disk = read(fs.afterPowerLoss(Loss.REORDER_AND_TEAR, seed).open(FILE, false), 0, 2048);
            StringBuilder shape = new StringBuilder();
            for (int s = 0; s < 4; s++) {
                byte v = disk[s * 512];
                for (int i = s * 512; i < (s + 1) * 512; i++) {
                    assertEquals(v, disk[i], "sector " + s + " is torn inside (seed " + seed + ")");
                }
                assertTrue(v >= 1 && v <= 3, "sector " + s + " holds " + v);
                shape.append(v);
            }
            outcomes.add(shape.toString());
        }
        assertTrue(outcomes.contains("1111"), "all dropped");
        assertTrue(outcomes.contains("3333"), "all kept in order");
        assertTrue(outcomes.contains("2222"), "the later write dropped or reordered before the earlier");
        assertTrue(outcomes.stream().anyMatch(o -> o.chars().distinct().count() > 1), "torn at sector boundaries: " + outcomes);
    }

    @Test
    void reorderAndTearIsDeterministicPerSeed() throws IOException {
        CrashingFileSystem fs = new CrashingFileSystem();
        StoreFile f = fs.open(FILE, true);
        for (int i = 0; i < 20; i++) {
            f.write(ByteBuffer.wrap(bytes(i + 1, 1536)), i * 700L);
        }
        byte[] a = read(fs.afterPowerLoss(Loss.REORDER_AND_TEAR, 42).open(FILE, false), 0, 16000);
        byte[] b = read(fs.afterPowerLoss(Loss.REORDER_AND_TEAR, 42).open(FILE, false), 0, 16000);
        assertArrayEquals(a, b);
    }

    @Test
    void tornPiecesAreCutAtAbsoluteSectorBoundariesForUnalignedWrites() throws IOException {
        for (long seed = 0; seed < 50; seed++) {
            CrashingFileSystem fs = new CrashingFileSystem();
            StoreFile f = fs.open(FILE, true);
            f.write(ByteBuffer.wrap(bytes(5, 1000)), 300);
            byte[] disk = read(fs.afterPowerLoss(Loss.REORDER_AND_TEAR, seed).open(FILE, false), 0, 1536);
            for (int[] range : new int[][] {{300, 512}, {512, 1024}, {1024, 1300}}) {
                byte v = disk[range[0]];
                for (int i = range[0]; i < range[1]; i++) {
                    assertEquals(v, disk[i], "piece " + range[0] + " torn inside, seed " + seed);
                }
            }
        }
    }

    @Test
    void forceMakesOnlyThatFilesWritesDurable() throws IOException {
        CrashingFileSystem fs = new CrashingFileSystem();
        StoreFile a = fs.open(Path.of("/mem/a"), true);
        StoreFile b = fs.open(Path.of("/mem/b"), true);
        a.write(ByteBuffer.wrap(bytes(1, 512)), 0);
        b.write(ByteBuffer.wrap(bytes(2, 512)), 0);
        a.force();
        CrashingFileSystem after = fs.afterPowerLoss(Loss.DROP_ALL, 0);
        assertArrayEquals(bytes(1, 512), read(after.open(Path.of("/mem/a"), false), 0, 512));
        assertArrayEquals(bytes(0, 512), read(after.open(Path.of("/mem/b"), false), 0, 512));
        assertEquals(1, fs.forces());
    }

    @Test
    void setSizeTruncatesDurableLiveAndPendingBytes() throws IOException {
        CrashingFileSystem fs = new CrashingFileSystem();
        StoreFile f = fs.open(FILE, true);
        f.write(ByteBuffer.wrap(bytes(1, 4096)), 0);
        f.force();
        f.write(ByteBuffer.wrap(bytes(2, 4096)), 4096);
        f.setSize(1024);
        assertEquals(1024, f.size());
        f.setSize(8192);
        assertArrayEquals(bytes(0, 4096), read(f, 4096, 4096));
        StoreFile g = fs.afterPowerLoss(Loss.KEEP_ALL, 0).open(FILE, false);
        assertArrayEquals(bytes(1, 1024), read(g, 0, 1024));
        assertArrayEquals(bytes(0, 7168), read(g, 1024, 7168));
    }
}
