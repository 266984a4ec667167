package org.snaptarget.lun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.scsi.BlockDevice.ProvisioningStatus;
import org.snaptarget.scsi.DeviceIdentity;

class FileBlockDeviceTest {

    @TempDir
    Path dir;

    private static byte[] read(FileBlockDevice d, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        d.read(offset, b);
        return b.array();
    }

    /** Bytes the file system allocated to the file (st_blocks × 512), which Java's file API does not expose. */
    private static long allocatedBytes(Path file) throws IOException {
        Process p = new ProcessBuilder("stat", "--format=%b", file.toString()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes()).trim();
            assertEquals(0, p.waitFor(), out);
            return Long.parseLong(out) * 512;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void absentFileIsCreatedSparseAtTheRequestedSize() throws IOException {
        Path file = dir.resolve("sub/lun0.img");
        try (FileBlockDevice d = new FileBlockDevice(file, 1L << 30)) {
            assertEquals(1L << 30, d.size());
            assertEquals(1L << 30, Files.size(file));
            assertArrayEquals(new byte[4096], read(d, 123 * 4096, 4096));
        }
        long allocated = allocatedBytes(file);
        assertTrue(allocated < 1 << 20, "sparse: only " + allocated + " bytes allocated");
    }

    @Test
    void identityIsPersistedAndUnchangedAcrossReopen() throws IOException {
        Path file = dir.resolve("lun.img");
        DeviceIdentity first;
        try (FileBlockDevice d = new FileBlockDevice(file, 1 << 20)) {
            first = d.identity();
        }
        assertTrue(Files.exists(dir.resolve("lun.img.id")));
        assertEquals(5, first.naa() >>> 60, "NAA IEEE Registered");
        try (FileBlockDevice d = new FileBlockDevice(file, 1 << 20)) {
            assertEquals(first, d.identity());
        }
        try (FileBlockDevice d = new FileBlockDevice(dir.resolve("other.img"), 1 << 20)) {
            assertFalse(first.equals(d.identity()), "two LUs never share an identity");
        }
    }

    @Test
    void malformedIdentityFileIsAnErrorNotAReplacement() throws IOException {
        Path file = dir.resolve("lun.img");
        Files.writeString(dir.resolve("lun.img.id"), "naa=xyz\nserial=abc\n");
        IOException e = assertThrows(IOException.class, () -> new FileBlockDevice(file, 1 << 20));
        assertTrue(e.getMessage().contains("lun.img.id"), e.getMessage());
        assertEquals("naa=xyz\nserial=abc\n", Files.readString(dir.resolve("lun.img.id")));
    }

    @Test
    void dataSurvivesReopen() throws IOException {
        Path file = dir.resolve("lun.img");
        byte[] data = new byte[1000];
        new java.util.Random(1).nextBytes(data);
        try (FileBlockDevice d = new FileBlockDevice(file, 1 << 20)) {
            d.write(777, ByteBuffer.wrap(data), true);
        }
        try (FileBlockDevice d = new FileBlockDevice(file, 0, 512, true)) {
            assertEquals(1 << 20, d.size());
            assertArrayEquals(data, read(d, 777, 1000));
            assertTrue(d.readOnly());
            assertThrows(IOException.class, () -> d.write(0, ByteBuffer.wrap(data), false));
        }
    }

    @Test
    void existingFileGrowsButNeverShrinks() throws IOException {
        Path file = dir.resolve("lun.img");
        new FileBlockDevice(file, 1 << 20).close();
        try (FileBlockDevice d = new FileBlockDevice(file, 2 << 20)) {
            assertEquals(2 << 20, d.size());
        }
        assertThrows(IllegalArgumentException.class, () -> new FileBlockDevice(file, 1 << 20));
        assertEquals(2 << 20, Files.size(file));
    }

    @Test
    void badGeometryIsRefusedWithAPreciseMessage() {
        assertThrows(IllegalArgumentException.class, () -> new FileBlockDevice(dir.resolve("a"), 1000));
        assertThrows(IllegalArgumentException.class, () -> new FileBlockDevice(dir.resolve("a"), 4096, 1024, false));
        assertThrows(IOException.class, () -> new FileBlockDevice(dir.resolve("missing"), 4096, 512, true));
    }

    @Test
    void unmapZeroesWrittenPiecesAndKeepsHolesSparse() throws IOException {
        Path file = dir.resolve("lun.img");
        try (FileBlockDevice d = new FileBlockDevice(file, 64 << 20)) {
            byte[] ones = new byte[8192];
            java.util.Arrays.fill(ones, (byte) 1);
            d.write(4096 * 10, ByteBuffer.wrap(ones), false);
            d.unmap(4096 * 10, 4096);
            assertArrayEquals(new byte[4096], read(d, 4096 * 10, 4096));
            assertEquals(1, read(d, 4096 * 11, 1)[0], "outside the range is untouched");
            d.unmap(0, 64 << 20);
            assertArrayEquals(new byte[8192], read(d, 4096 * 10, 8192));
        }
        long allocated = allocatedBytes(file);
        assertTrue(allocated < 1 << 20, "unmapping holes allocated " + allocated + " bytes");
    }

    @Test
    void provisioningStatusReportsZeroRunsAsDeallocated() throws IOException {
        try (FileBlockDevice d = new FileBlockDevice(dir.resolve("lun.img"), 1 << 20)) {
            d.write(512 * 4, ByteBuffer.wrap(new byte[] {9}), false);
            assertEquals(new ProvisioningStatus(false, 512 * 4), d.provisioningStatus(0, 1 << 20));
            assertEquals(new ProvisioningStatus(true, 512), d.provisioningStatus(512 * 4, (1 << 20) - 2048));
            assertEquals(new ProvisioningStatus(false, (1 << 20) - 512 * 5), d.provisioningStatus(512 * 5, (1 << 20) - 512 * 5));
        }
    }

    @Test
    void provisioningStatusReadsAtMostItsScanLimitPerCall() throws IOException {
        int size = 4 * FileBlockDevice.STATUS_SCAN_LIMIT;
        try (FileBlockDevice d = new FileBlockDevice(dir.resolve("lun.img"), size)) {
            byte[] data = new byte[size];
            Arrays.fill(data, (byte) 0xa5);
            d.write(0, ByteBuffer.wrap(data), false);
            assertEquals(new ProvisioningStatus(true, FileBlockDevice.STATUS_SCAN_LIMIT), d.provisioningStatus(0, size));
            assertEquals(new ProvisioningStatus(true, FileBlockDevice.STATUS_SCAN_LIMIT),
                    d.provisioningStatus(size - FileBlockDevice.STATUS_SCAN_LIMIT, FileBlockDevice.STATUS_SCAN_LIMIT));
        }
    }

    @Test
    void accessOutsideTheDeviceIsRefused() throws IOException {
        try (FileBlockDevice d = new FileBlockDevice(dir.resolve("lun.img"), 1 << 20)) {
            assertThrows(IndexOutOfBoundsException.class, () -> d.read((1 << 20) - 10, ByteBuffer.allocate(11)));
            assertThrows(IndexOutOfBoundsException.class, () -> d.write(-1, ByteBuffer.allocate(1), false));
        }
    }
}
