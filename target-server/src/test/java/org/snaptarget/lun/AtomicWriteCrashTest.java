package org.snaptarget.lun;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.scsi.DeviceIdentity;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.SnapshotId;

/**
 * WRITE ATOMIC's device path survives SIGKILL: a child JVM ({@link AtomicWriteCrashChild}) writes
 * generation after generation of one 128 KiB range that spans 33 store chunks (so the store applies
 * it chunk by chunk, with copy-outs to the snapshots it keeps taking), and is killed at random
 * moments. After each kill the pool is reopened and the journal replayed as the server does when it
 * exports the volume: every block of the range must then hold one and the same generation, either
 * the last one the child acknowledged or the one it was writing.
 */
class AtomicWriteCrashTest {

    static final int BLOCKS = 256;
    static final long OFFSET = 4096L * 3 + 512;
    static final int CHUNK = 4096;
    static final DeviceIdentity IDENTITY = new DeviceIdentity(0x5d7a060000000077L, "5d7a060000000077");
    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    static PoolConfig config(Path dir) {
        return PoolConfig.of(dir.resolve("origin"), 4L << 20, dir.resolve("store"), 64L << 20).withChunkSize(CHUNK);
    }

    static StoreBlockDevice origin(Pool pool) {
        return new StoreBlockDevice(pool.origin(), false, IDENTITY, null, new SnapshotBarrier(), CHUNK, () -> { });
    }

    /** The range's content for one generation: each 512-byte block starts with the generation number. */
    static byte[] generation(long generation) {
        ByteBuffer b = ByteBuffer.allocate(BLOCKS * 512);
        for (int i = 0; i < BLOCKS; i++) {
            b.putLong(i * 512, generation).put(i * 512 + 8, (byte) i);
        }
        return b.array();
    }

    /** The generation the range holds, checking that every block holds the same one. */
    static long generationIn(BlockDevice device) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(BLOCKS * 512);
        device.read(OFFSET, b);
        long first = b.getLong(0);
        for (int i = 0; i < BLOCKS; i++) {
            long g = b.getLong(i * 512);
            if (g != first || b.get(i * 512 + 8) != (first == 0 ? 0 : (byte) i)) {
                throw new AssertionError("block " + i + " holds generation " + g + ", block 0 holds " + first);
            }
        }
        return first;
    }

    @Test
    void everyKillLeavesTheRangeWhollyOneGenerationAfterReplay() throws Exception {
        Random random = new Random(7);
        String java = ProcessHandle.current().info().command().orElse("java");
        long before = 0;
        int replays = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int killAfter = 2 + random.nextInt(12);
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    AtomicWriteCrashChild.class.getName(), dir.toString()).redirectErrorStream(true).start();
            long lastGood = before;
            // Read to the end of the child's output: acknowledgements it printed before the kill
            // landed are still in the pipe after destroyForcibly, and all of them count.
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (!line.startsWith("ok ")) {
                        continue;
                    }
                    lastGood = Long.parseLong(line.substring(3));
                    if (lastGood - before >= killAfter && child.isAlive()) {
                        LockSupport.parkNanos(random.nextInt(3_000_000));
                        child.toHandle().destroyForcibly();   // SIGKILL, leaving the pipe readable
                    }
                }
            } finally {
                child.destroyForcibly();
            }
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child ended");
            assertTrue(lastGood > before, "child made progress in round " + round);
            try (Pool pool = Pool.open(config(dir));
                 AtomicWriteJournals journals = new AtomicWriteJournals(dir.resolve("atomic"))) {
                StoreBlockDevice raw = origin(pool);
                SharedVolume shared = journals.of(IDENTITY, "p", SnapshotId.ORIGIN.bits(), AtomicWriteJournal.Target.of(raw));
                if (shared.journal().recovery() == AtomicWriteJournal.Recovery.PENDING) {
                    replays++;
                }
                long found = generationIn(raw);
                assertTrue(found == lastGood || found == lastGood + 1,
                        "round " + round + ": generation " + found + " after last acknowledged " + lastGood);
                assertTrue(pool.check().clean(), () -> "store check: " + pool.check().problems());
                before = found;
            }
        }
        System.out.printf("[atomic-crash] %d kills, %d of them left a journaled write to replay%n", ROUNDS, replays);
    }
}
