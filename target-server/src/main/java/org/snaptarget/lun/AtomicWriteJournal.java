package org.snaptarget.lun;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The redo journal that makes a multi-block write all-or-nothing across power loss for one volume
 * (WRITE ATOMIC(16), SBC-4 §4.29 and §5.48): the write is first made durable here, then applied to
 * the volume in place, then retired; a crash anywhere in between leaves the journal pending, and
 * {@link #replay} applies it again at the next start before anything else writes the volume.
 * Applying the same bytes twice is harmless, so a replay after a complete apply changes nothing.
 *
 * <h2>File format (one file per volume, all integers little-endian)</h2>
 * A {@value #HEADER_BYTES}-byte header followed by the data of the last logged write; the file is
 * preallocated to header plus {@link #capacityBytes()} when created, so logging never changes the
 * file's size and {@code fdatasync} suffices.
 * <pre>
 * offset size field
 *      0    8 magic            "SNAPAWJ1" (0x314A574150414E53 read little-endian)
 *      8    4 version          1
 *     12    4 state            0 = nothing to replay, 1 = pending
 *     16    8 sequence         number of the logged write, counting from 1 per file
 *     24    8 volume offset    byte offset of the write in the volume
 *     32    4 length           bytes of data following the header, at most the capacity
 *     36    4 data crc         CRC32C of those bytes
 *     40    8 volume id        the store's 64-bit snapshot id of the volume (origin: all ones)
 *     48    2 name length      bytes of the volume name, at most {@value #MAX_NAME_BYTES}
 *     50    n volume name      UTF-8 "pool" (origin) or "pool/snapshot"
 *   4092    4 header crc       CRC32C of bytes 0..4091
 * </pre>
 *
 * <h2>Why a damaged header or data means "nothing to replay"</h2>
 * Every step that follows a journal write waits for that write to be durable: the volume is
 * touched only after the logged header and data were forced, and the next write is logged only
 * after the retiring header was forced. So a header whose checksum fails was torn by a crash while
 * being logged (the volume was never touched) or while being retired (the volume already holds the
 * whole write); a pending header whose data checksum fails was torn while being logged. In each
 * case the volume is all-old or all-new and the right action is to replay nothing; {@link #open}
 * reports which case it met in {@link Recovery}.
 *
 * <p>Not thread-safe, except {@link #pending()}: its owner ({@link JournaledBlockDevice}) logs,
 * replays and retires under one monitor.
 */
public final class AtomicWriteJournal implements Closeable {

    /** Header size: one 4 KiB page, so the data starts page-aligned. */
    public static final int HEADER_BYTES = 4096;
    /** Longest volume name kept in the header. */
    public static final int MAX_NAME_BYTES = 1024;
    static final long MAGIC = 0x314A574150414E53L;
    static final int VERSION = 1;
    static final int STATE_EMPTY = 0;
    static final int STATE_PENDING = 1;
    static final int HEADER_CRC_AT = HEADER_BYTES - 4;

    /** What {@link #open} found in an existing file. */
    public enum Recovery {
        /** A new file, or a header saying nothing is pending. */
        CLEAN,
        /** A pending write with intact data: {@link #replay} must apply it. */
        PENDING,
        /** A header torn by a crash while logging or retiring; nothing to replay. */
        TORN_HEADER,
        /** A pending header whose data was torn by a crash while logging; nothing to replay. */
        TORN_DATA
    }

    /** The place a logged write is applied: the volume, written through and flushed. */
    public interface Target {
        /** Writes {@code src} at {@code offset}, as a normal write of the volume. */
        void write(long offset, ByteBuffer src) throws IOException;

        /** Makes every completed write durable. */
        void flush() throws IOException;

        /** The volume behind a device: plain (not FUA) writes, then the device's flush. */
        static Target of(org.snaptarget.scsi.BlockDevice device) {
            return new Target() {
                @Override
                public void write(long offset, ByteBuffer src) throws IOException {
                    device.write(offset, src, false);
                }

                @Override
                public void flush() throws IOException {
                    device.flush();
                }
            };
        }
    }

    /** A logged write that was not retired: where it goes and its bytes. */
    public record PendingWrite(long sequence, long offset, ByteBuffer data) {
    }

    private final Path file;
    private final FileChannel channel;
    private final String volumeName;
    private final long volumeId;
    private final int capacity;
    private final ByteBuffer buffer;
    private final Recovery recovery;
    private long sequence;
    private volatile PendingWrite pending;

    private AtomicWriteJournal(Path file, FileChannel channel, String volumeName, long volumeId, int capacity,
                               Recovery recovery, long sequence, PendingWrite pending) {
        this.file = file;
        this.channel = channel;
        this.volumeName = volumeName;
        this.volumeId = volumeId;
        this.capacity = capacity;
        this.buffer = ByteBuffer.allocateDirect(HEADER_BYTES + capacity).order(ByteOrder.LITTLE_ENDIAN);
        this.recovery = recovery;
        this.sequence = sequence;
        this.pending = pending;
    }

    /**
     * Opens the journal of one volume, creating and preallocating it if absent. A pending write is
     * kept for {@link #replay}; nothing is applied here.
     *
     * @param volumeName "pool" or "pool/snapshot", recorded in the header
     * @param volumeId   the store's snapshot id of the volume
     * @param capacity   the largest write it logs, in bytes
     * @throws IOException when the file cannot be read or written, or a pending write in it belongs to
     *                     another volume or is longer than {@code capacity} (never silently dropped)
     */
    public static AtomicWriteJournal open(Path file, String volumeName, long volumeId, int capacity) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] name = volumeName.getBytes(StandardCharsets.UTF_8);
        if (name.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("volume name longer than " + MAX_NAME_BYTES + " bytes: " + volumeName);
        }
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        boolean created = !Files.exists(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (created || ch.size() < HEADER_BYTES) {
                AtomicWriteJournal j = new AtomicWriteJournal(file, ch, volumeName, volumeId, capacity, Recovery.CLEAN, 0, null);
                j.preallocate();
                return j;
            }
            return readExisting(file, ch, volumeName, volumeId, capacity);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static AtomicWriteJournal readExisting(Path file, FileChannel ch, String volumeName, long volumeId,
                                                   int capacity) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, header, 0);
        header.flip();
        int storedCrc = header.getInt(HEADER_CRC_AT);
        if (header.getLong(0) != MAGIC || header.getInt(8) != VERSION || storedCrc != crc(header, 0, HEADER_CRC_AT)) {
            return new AtomicWriteJournal(file, ch, volumeName, volumeId, capacity, Recovery.TORN_HEADER, 0, null)
                    .afterRecovery();
        }
        long seq = header.getLong(16);
        if (header.getInt(12) != STATE_PENDING) {
            return new AtomicWriteJournal(file, ch, volumeName, volumeId, capacity, Recovery.CLEAN, seq, null);
        }
        String recordedName = new String(bytes(header, 50, Short.toUnsignedInt(header.getShort(48))), StandardCharsets.UTF_8);
        long recordedId = header.getLong(40);
        if (!recordedName.equals(volumeName) || recordedId != volumeId) {
            throw new IOException(file + ": pending atomic write #" + seq + " belongs to volume " + recordedName
                    + " (id " + Long.toHexString(recordedId) + "), not " + volumeName + " (id "
                    + Long.toHexString(volumeId) + ")");
        }
        long offset = header.getLong(24);
        int length = header.getInt(32);
        if (length <= 0 || length > capacity || offset < 0) {
            throw new IOException(file + ": pending atomic write #" + seq + " has length " + length + " at offset "
                    + offset + "; this volume's journal holds 1.." + capacity + " bytes");
        }
        ByteBuffer data = ByteBuffer.allocate(length);
        readFully(ch, data, HEADER_BYTES);
        data.flip();
        if (crc(data, 0, length) != header.getInt(36)) {
            return new AtomicWriteJournal(file, ch, volumeName, volumeId, capacity, Recovery.TORN_DATA, seq, null)
                    .afterRecovery();
        }
        return new AtomicWriteJournal(file, ch, volumeName, volumeId, capacity, Recovery.PENDING, seq,
                new PendingWrite(seq, offset, data.asReadOnlyBuffer()));
    }

    /** Rewrites a torn header as an empty one, so the next open does not report the same crash again. */
    private AtomicWriteJournal afterRecovery() throws IOException {
        writeHeader(STATE_EMPTY, 0, 0, 0);
        channel.force(false);
        return this;
    }

    /** @return what {@link #open} found */
    public Recovery recovery() {
        return recovery;
    }

    /**
     * @return the write a crash, or a failed apply or flush, left unretired, until {@link #replay}
     *         applied it; safe to call from any thread (a volatile read)
     */
    public Optional<PendingWrite> pending() {
        return Optional.ofNullable(pending);
    }

    /** @return the largest write this journal logs, in bytes */
    public int capacityBytes() {
        return capacity;
    }

    /** @return the file behind it */
    public Path file() {
        return file;
    }

    /**
     * Applies the pending write, if any, to {@code target}, flushes it and retires the journal.
     * On failure the write stays pending: the caller must not let anything else write the volume.
     *
     * @return whether a write was applied
     */
    public boolean replay(Target target) throws IOException {
        if (pending == null) {
            return false;
        }
        target.write(pending.offset(), pending.data().duplicate());
        target.flush();
        retire(pending.sequence());
        pending = null;
        return true;
    }

    /**
     * Writes {@code src} (its remaining bytes) to the volume at {@code offset} all-or-nothing:
     * journal it durably, apply and flush it, retire the journal durably. On return the write is
     * durable. The caller fences readers inside {@code target.write} (see {@link AtomicWriteFence}).
     *
     * @throws IllegalStateException when a pending write was not replayed first
     * @throws IOException           when a step fails; if the apply or flush failed the journal is
     *                               left pending, so a later {@link #replay} finishes the write
     */
    public void write(long offset, ByteBuffer src, Target target) throws IOException {
        if (pending != null) {
            throw new IllegalStateException(file + ": pending atomic write #" + pending.sequence() + " not replayed");
        }
        int length = src.remaining();
        if (length <= 0 || length > capacity) {
            throw new IllegalArgumentException("atomic write of " + length + " bytes; the journal holds 1.." + capacity);
        }
        long seq = sequence + 1;
        ByteBuffer data = src.duplicate();
        buffer.clear().position(HEADER_BYTES);
        buffer.put(data);
        int dataCrc = crc(buffer, HEADER_BYTES, length);
        fillHeader(STATE_PENDING, seq, offset, length, dataCrc);
        buffer.limit(HEADER_BYTES + length).position(0);
        writeFully(buffer, 0);
        channel.force(false);
        sequence = seq;
        // the logged copy, not the caller's buffer: it must outlive a failed apply (the data area is
        // rewritten only by the next log, which waits until this write is replayed)
        pending = new PendingWrite(seq, offset,
                buffer.duplicate().limit(HEADER_BYTES + length).position(HEADER_BYTES).slice().asReadOnlyBuffer());
        target.write(offset, src);
        target.flush();
        retire(seq);
        pending = null;
    }

    private void retire(long seq) throws IOException {
        writeHeader(STATE_EMPTY, seq, 0, 0);
        channel.force(false);
        sequence = seq;
    }

    private void preallocate() throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(64 << 10);
        long total = (long) HEADER_BYTES + capacity;
        for (long at = 0; at < total; at += zeros.capacity()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), total - at));
            writeFully(zeros, at);
        }
        writeHeader(STATE_EMPTY, 0, 0, 0);
        channel.force(true);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // a file system that cannot fsync a directory: the file is still complete once forced
        }
    }

    private void writeHeader(int state, long seq, long offset, int length) throws IOException {
        buffer.clear();
        fillHeader(state, seq, offset, length, 0);
        buffer.limit(HEADER_BYTES).position(0);
        writeFully(buffer, 0);
    }

    /** Fills bytes 0..4095 of {@link #buffer}, leaving the data after them untouched. */
    private void fillHeader(int state, long seq, long offset, int length, int dataCrc) {
        for (int i = 0; i < HEADER_BYTES; i += 8) {
            buffer.putLong(i, 0);
        }
        byte[] name = volumeName.getBytes(StandardCharsets.UTF_8);
        buffer.putLong(0, MAGIC).putInt(8, VERSION).putInt(12, state).putLong(16, seq).putLong(24, offset)
                .putInt(32, length).putInt(36, dataCrc).putLong(40, volumeId).putShort(48, (short) name.length);
        buffer.put(50, name);
        buffer.putInt(HEADER_CRC_AT, crc(buffer, 0, HEADER_CRC_AT));
    }

    private void writeFully(ByteBuffer src, long position) throws IOException {
        long at = position;
        while (src.hasRemaining()) {
            at += channel.write(src, at);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, at);
            if (n < 0) {
                throw new IOException("atomic-write journal ends at byte " + at + ", before its " + dst.capacity()
                        + "-byte record");
            }
            at += n;
        }
    }

    private static int crc(ByteBuffer b, int from, int length) {
        CRC32C c = new CRC32C();
        c.update(b.duplicate().limit(from + length).position(from));
        return (int) c.getValue();
    }

    private static byte[] bytes(ByteBuffer b, int from, int length) {
        byte[] out = new byte[Math.min(length, MAX_NAME_BYTES)];
        b.get(from, out);
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
