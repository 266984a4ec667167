package org.snaptarget.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.Volume;
import org.snaptarget.store.format.FormatConstants;
import org.snaptarget.store.format.Superblock;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code snaptarget fsck --config FILE POOL} on real pool files. */
class FsckCommandTest {

    @TempDir
    Path dir;

    private Path config;
    private Path data;

    @BeforeEach
    void makePool() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        config = CliRun.config(dir, port);
        data = Files.createDirectories(dir.resolve("data"));
        try (Pool pool = Pool.create(PoolConfig.of(data.resolve("vm1.origin"), 1 << 20, data.resolve("vm1.store"),
                4 << 20))) {
            write(pool.origin(), 0, (byte) 'A');
            pool.createSnapshot("s1", null, false);
            write(pool.origin(), 0, (byte) 'B');
            pool.createSnapshot("s2", "s1", false);
            write(pool.snapshotVolume("s2"), 128 * 1024, (byte) 'C');
        }
    }

    @Test
    void aCleanPoolExits0AndNothingChangesOnDisk() throws Exception {
        byte[] store = Files.readAllBytes(data.resolve("vm1.store"));
        byte[] origin = Files.readAllBytes(data.resolve("vm1.origin"));
        CliRun r = CliRun.of("fsck", "--config", config.toString(), "vm1");
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().matches("pool vm1: clean \\(\\d+ tree nodes, \\d+ exception entries, 2 snapshots\\)\n"), r.out());
        assertArrayEquals(store, Files.readAllBytes(data.resolve("vm1.store")), "the store is untouched");
        assertArrayEquals(origin, Files.readAllBytes(data.resolve("vm1.origin")), "the origin is untouched");
    }

    @Test
    void aFlippedByteInTheTreeRootIsAProblemExit1() throws Exception {
        Path store = data.resolve("vm1.store");
        long root = newestSuperblock(store).treeRoot();
        assertTrue(root > FormatConstants.SUPERBLOCK_SLOT_B, "the pool has a tree: root " + root);
        flip(store, root * FormatConstants.BLOCK_SIZE + 100);
        CliRun r = CliRun.of("fsck", "--config", config.toString(), "vm1");
        assertEquals(ExitCodes.REFUSED, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("block " + root), "the problem names the block: " + r.out());
        assertTrue(r.out().lines().allMatch(l -> l.startsWith("pool vm1: ")), r.out());
        assertTrue(r.out().endsWith(" problem\n") || r.out().contains(" problems ("), r.out());
    }

    @Test
    void bothSuperblocksDamagedIsAProblemExit1() throws Exception {
        Path store = data.resolve("vm1.store");
        flip(store, FormatConstants.SUPERBLOCK_SLOT_A * FormatConstants.BLOCK_SIZE + 10);
        flip(store, FormatConstants.SUPERBLOCK_SLOT_B * FormatConstants.BLOCK_SIZE + 10);
        CliRun r = CliRun.of("fsck", "--config", config.toString(), "vm1");
        assertEquals(ExitCodes.REFUSED, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("pool vm1: cannot be opened: no valid superblock"), r.out());
    }

    @Test
    void aRunningServerHoldingTheLockIsRefusedExit4() throws Exception {
        try (DataDirLock held = DataDirLock.acquire(data, "serve")) {
            CliRun r = CliRun.of("fsck", "--config", config.toString(), "vm1");
            assertEquals(ExitCodes.SERVER_RUNNING, r.exit());
            assertTrue(r.err().startsWith("snaptarget: the data directory " + data + " is in use by serve pid "
                    + ProcessHandle.current().pid()), r.err());
            assertTrue(r.err().endsWith("; stop the server before fsck\n"), r.err());
        }
        assertEquals(ExitCodes.OK, CliRun.of("fsck", "--config", config.toString(), "vm1").exit(),
                "released when the server stops");
    }

    @Test
    void anAnsweringAdminEndpointIsRefusedExit4() throws Exception {
        try (ServerSocket endpoint = new ServerSocket()) {
            endpoint.bind(new InetSocketAddress("127.0.0.1", 0));
            Path other = CliRun.config(dir, endpoint.getLocalPort());
            CliRun r = CliRun.of("fsck", "--config", other.toString(), "vm1");
            assertEquals(ExitCodes.SERVER_RUNNING, r.exit());
            assertEquals("snaptarget: the server is running (its admin endpoint answers at 127.0.0.1:"
                    + endpoint.getLocalPort() + "); stop it before fsck\n", r.err());
        }
    }

    @Test
    void anUnknownPoolIsAUsageErrorListingThePools() {
        CliRun r = CliRun.of("fsck", "--config", config.toString(), "vm2");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertEquals("snaptarget: no pool 'vm2' in " + config + " (pools: vm1)\n", r.err());
    }

    @Test
    void aPoolWhoseFilesDoNotExistYetIsAUsageError() throws Exception {
        Files.delete(data.resolve("vm1.store"));
        CliRun r = CliRun.of("fsck", "--config", config.toString(), "vm1");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("vm1.store does not exist"), r.err());
    }

    private static void write(Volume volume, long offset, byte value) {
        byte[] bytes = new byte[64 * 1024];
        Arrays.fill(bytes, value);
        volume.write(offset, ByteBuffer.wrap(bytes));
    }

    private static Superblock newestSuperblock(Path store) throws Exception {
        Superblock best = null;
        try (FileChannel ch = FileChannel.open(store, StandardOpenOption.READ)) {
            for (long slot : new long[] {FormatConstants.SUPERBLOCK_SLOT_A, FormatConstants.SUPERBLOCK_SLOT_B}) {
                ByteBuffer b = ByteBuffer.allocate(FormatConstants.SB_LENGTH);
                ch.read(b, slot * FormatConstants.BLOCK_SIZE);
                Superblock sb = Superblock.decode(b.flip(), slot);
                if (best == null || sb.generation() > best.generation()) {
                    best = sb;
                }
            }
        }
        return best;
    }

    private static void flip(Path file, long position) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, position);
            b.put(0, (byte) (b.get(0) ^ 0x5A));
            ch.write(b.rewind(), position);
        }
    }
}
