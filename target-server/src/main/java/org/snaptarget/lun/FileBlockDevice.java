package org.snaptarget.lun;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Objects;

import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.scsi.DeviceIdentity;

/**
 * A block device backed by one regular file, read and written with positional {@link FileChannel}
 * I/O (safe from many threads at once; no shared file position).
 *
 * <p>Creation: an absent file is created sparse at the requested size (ftruncate, no data
 * written). An existing file keeps its data; a larger requested size grows it (sparse), a smaller
 * one is refused, since shrinking would destroy data. The identity (VPD 80h/83h) lives next to the
 * file in {@code <file>.id} (see {@link IdentityFile}); it is generated once and then only read.
 *
 * <p>Durability: writes go to the page cache (the caching mode page says WCE=1); {@code fua}
 * writes and {@link #flush} call {@code force(false)} (fdatasync), which also persists the block
 * allocation of a sparse file.
 *
 * <p>Unmap: Java cannot punch holes (no fallocate), so {@link #unmap} makes the range read as
 * zeros by zero-filling it — but only the 4 KiB pieces that are not already zero, which it checks
 * by reading first. Reading a hole costs no disk I/O, so unmapping never-written or already
 * unmapped space (mkfs discarding a fresh LU) stays fast and keeps the file sparse; the space of
 * previously written pieces is not returned to the file system.
 *
 * <p>Provisioning status: FileChannel cannot ask for SEEK_HOLE/SEEK_DATA either, so
 * {@link #provisioningStatus} reports a block as deallocated exactly when it reads as zeros, one
 * bounded scan per call ({@link ZeroRunScan}).
 */
public final class FileBlockDevice implements BlockDevice {

    /** Piece size for unmap zero-checks and provisioning scans. */
    static final int PIECE = 4096;
    private static final int SCAN_CHUNK = 1 << 20;
    /** The most bytes one {@link #provisioningStatus} call reads; a longer run is reported in parts. */
    static final int STATUS_SCAN_LIMIT = ZeroRunScan.LIMIT;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(SCAN_CHUNK).asReadOnlyBuffer();

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final int blockSize;
    private final boolean readOnly;
    private final DeviceIdentity identity;

    /** A writable device with 512-byte blocks, created sparse at {@code size} bytes if absent. */
    public FileBlockDevice(Path path, long size) throws IOException {
        this(path, size, 512, false);
    }

    /**
     * @param path      the backing file
     * @param size      capacity in bytes (a positive multiple of {@code blockSize}); 0 means "the existing file's size"
     * @param blockSize 512 or 4096
     * @param readOnly  refuse writes; the file must then exist
     * @throws IllegalArgumentException for a bad size or block size, or a size smaller than the existing file
     * @throws IOException              when the file or its identity cannot be opened or created
     */
    public FileBlockDevice(Path path, long size, int blockSize, boolean readOnly) throws IOException {
        this.path = Objects.requireNonNull(path, "path");
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("block size must be 512 or 4096: " + blockSize);
        }
        if (size < 0 || size % blockSize != 0) {
            throw new IllegalArgumentException("size must be a non-negative multiple of " + blockSize + ": " + size);
        }
        this.blockSize = blockSize;
        this.readOnly = readOnly;
        boolean exists = Files.exists(path);
        if (!exists && (readOnly || size == 0)) {
            throw new IOException(path + ": does not exist (a read-only or size-less device needs an existing file)");
        }
        if (!exists) {
            Files.createDirectories(path.toAbsolutePath().getParent());
            try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
                raf.setLength(size);
            }
        }
        long existing = Files.size(path);
        long wanted = size == 0 ? existing : size;
        if (wanted < existing) {
            throw new IllegalArgumentException(path + ": is " + existing + " bytes; refusing to shrink it to " + wanted);
        }
        if (wanted % blockSize != 0 || wanted == 0) {
            throw new IllegalArgumentException(path + ": size " + wanted + " is not a positive multiple of " + blockSize);
        }
        if (wanted > existing) {
            if (readOnly) {
                throw new IllegalArgumentException(path + ": is " + existing + " bytes; cannot grow a read-only device to " + wanted);
            }
            try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
                raf.setLength(wanted);
            }
        }
        this.size = wanted;
        this.identity = IdentityFile.loadOrCreate(IdentityFile.pathFor(path), new SecureRandom());
        this.channel = readOnly
                ? FileChannel.open(path, StandardOpenOption.READ)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    public Path path() {
        return path;
    }

    /** Persistent reservations with APTPL live in {@code <file>.pr}. */
    @Override
    public java.util.Optional<Path> reservationFile() {
        return java.util.Optional.of(path.resolveSibling(path.getFileName() + ".pr"));
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public DeviceIdentity identity() {
        return identity;
    }

    @Override
    public boolean thinProvisioned() {
        return true;
    }

    @Override
    public boolean unmapReadsZero() {
        return true;
    }

    @Override
    public int unmapGranularityBlocks() {
        return PIECE / blockSize;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        checkAccess(offset, dst.remaining());
        long position = offset;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position);
            if (n < 0) {
                throw new IOException(path + ": unexpected end of file at " + position);
            }
            position += n;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean fua) throws IOException {
        checkWritable();
        checkAccess(offset, src.remaining());
        long position = offset;
        while (src.hasRemaining()) {
            position += channel.write(src, position);
        }
        if (fua) {
            channel.force(false);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!readOnly) {
            channel.force(false);
        }
    }

    @Override
    public void unmap(long offset, long length) throws IOException {
        checkWritable();
        checkAccess(offset, length);
        ByteBuffer scan = ByteBuffer.allocateDirect(SCAN_CHUNK);
        long position = offset;
        long end = offset + length;
        while (position < end) {
            int n = (int) Math.min(SCAN_CHUNK, end - position);
            scan.clear().limit(n);
            read(position, scan);
            for (int piece = 0; piece < n; piece += PIECE) {
                int len = Math.min(PIECE, n - piece);
                if (!ZeroRunScan.isZero(scan, piece, len)) {
                    ByteBuffer zeros = ZEROS.duplicate().limit(len);
                    long at = position + piece;
                    while (zeros.hasRemaining()) {
                        at += channel.write(zeros, at);
                    }
                }
            }
            position += n;
        }
    }

    @Override
    public ProvisioningStatus provisioningStatus(long offset, long maxLength) throws IOException {
        checkAccess(offset, maxLength);
        return ZeroRunScan.leadingRun(this, offset, maxLength);
    }

    private void checkWritable() throws IOException {
        if (readOnly) {
            throw new IOException(path + ": device is read-only");
        }
    }

    private void checkAccess(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException(path + ": access [" + offset + ", +" + length + ") outside [0, " + size + ")");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "FileBlockDevice[" + path + ", " + size + " bytes, " + blockSize + "-byte blocks" + (readOnly ? ", read-only" : "") + "]";
    }
}
