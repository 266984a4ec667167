package org.snaptarget.store.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.snaptarget.store.io.StoreFile;
import org.snaptarget.store.io.StoreFileSystem;

/**
 * An in-memory {@link StoreFileSystem} that can lose power. It implements exactly the weakest
 * contract of {@link StoreFile}: a write is durable only once a later {@code force()} on the
 * same file returns; until then it may be dropped, reordered with other unforced writes, or
 * torn at any 512-byte sector boundary.
 *
 * <p>Each file keeps a <em>durable image</em> (what survives power loss), a <em>live image</em>
 * (what reads see) and the list of writes since its last {@code force()}. Every
 * {@link StoreFile#write} call on any file of this file system gets the next global write index
 * (from 0). When the index reaches the armed {@linkplain #crashAtWrite crash point}, that write
 * joins the unforced list as the one in flight, the power goes off, and this and every later
 * call on any file throws {@link PowerLoss}. {@link #afterPowerLoss} then builds a new file
 * system holding what a disk could have kept: the durable images plus a seeded choice of the
 * unforced writes, as chosen by a {@link Loss} policy.
 *
 * <p>Invariants: the live image always equals the durable image with the unforced writes applied
 * in order; {@code force()} moves exactly the unforced writes into the durable image. File
 * lengths ({@code setSize}) are metadata and take effect durably at once. Thread-safe: every
 * method holds the file system's monitor.
 */
public final class CrashingFileSystem implements StoreFileSystem {

    /** The sector size at which unforced writes may be torn. */
    public static final int SECTOR = 512;

    /** What power loss keeps of the writes not yet forced. */
    public enum Loss {
        /** Every unforced write is lost. */
        DROP_ALL,
        /** Every unforced write reaches the disk, in issue order (a crash right after the writes). */
        KEEP_ALL,
        /**
         * Each unforced write is independently kept whole, dropped, or torn (a random subset of its
         * sectors kept); the kept pieces land in a random order.
         */
        REORDER_AND_TEAR
    }

    /** The exception every operation throws once the power is off. */
    public static final class PowerLoss extends IOException {
        PowerLoss(String message) {
            super(message);
        }
    }

    private final Map<Path, MemoryFile> files = new HashMap<>();
    private long writes;
    private long crashAt = Long.MAX_VALUE;
    private boolean powerOff;
    private long forces;

    public CrashingFileSystem() {
    }

    /** Arms a power loss at the write with this global index (0-based); {@code Long.MAX_VALUE} disarms. */
    public synchronized void crashAtWrite(long index) {
        if (index < writes) {
            throw new IllegalArgumentException("write " + index + " already happened (" + writes + " so far)");
        }
        this.crashAt = index;
    }

    /** Writes issued so far, over all files (the next write gets this index). */
    public synchronized long writes() {
        return writes;
    }

    /** {@code force()} calls that completed so far, over all files. */
    public synchronized long forces() {
        return forces;
    }

    public synchronized boolean powerOff() {
        return powerOff;
    }

    /** Turns the power off now, as if the next write had been the armed one, without a write in flight. */
    public synchronized void cutPower() {
        powerOff = true;
    }

    /** Unforced writes currently pending over all files. */
    public synchronized int unforcedWrites() {
        int n = 0;
        for (MemoryFile f : files.values()) {
            n += f.pending.size();
        }
        return n;
    }

    /** The writes not yet forced, one line each ({@code path @position +length}), for failure messages. */
    public synchronized String describeUnforced() {
        StringBuilder sb = new StringBuilder();
        List<Path> paths = new ArrayList<>(files.keySet());
        paths.sort(null);
        for (Path path : paths) {
            for (PendingWrite w : files.get(path).pending) {
                sb.append("  ").append(path).append(" @").append(w.position).append(" +").append(w.data.length).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The disk after a power cut: a fresh, powered file system whose files hold the durable
     * images of this one plus the unforced writes that {@code loss} keeps ({@code seed} decides
     * the choices of {@link Loss#REORDER_AND_TEAR}). Works whether or not the power went off.
     */
    public synchronized CrashingFileSystem afterPowerLoss(Loss loss, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        CrashingFileSystem next = new CrashingFileSystem();
        List<Path> paths = new ArrayList<>(files.keySet());
        paths.sort(null);
        for (Path path : paths) {
            MemoryFile f = files.get(path);
            SparseImage image = f.durable.copy();
            switch (loss) {
                case DROP_ALL -> {
                }
                case KEEP_ALL -> f.pending.forEach(w -> image.write(w.position, w.data));
                case REORDER_AND_TEAR -> {
                    List<PendingWrite> pieces = new ArrayList<>();
                    for (PendingWrite w : f.pending) {
                        int choice = random.nextInt(3);
                        if (choice == 1) {
                            pieces.add(w);
                        } else if (choice == 2) {
                            pieces.addAll(w.tornPieces(random));
                        }
                    }
                    Collections.shuffle(pieces, new java.util.Random(random.nextLong()));
                    pieces.forEach(w -> image.write(w.position, w.data));
                }
            }
            next.files.put(path, new MemoryFile(next, image, f.length));
        }
        return next;
    }

    /** Adds a file whose bytes are already durable (a disk image loaded from elsewhere). */
    public synchronized void putDurable(Path path, byte[] bytes) {
        SparseImage image = new SparseImage();
        image.write(0, bytes);
        files.put(path, new MemoryFile(this, image, bytes.length));
    }

    /** A whole file's live bytes. */
    public synchronized byte[] liveBytes(Path path) {
        MemoryFile f = files.get(path);
        byte[] out = new byte[Math.toIntExact(f.length)];
        f.live.read(0, out);
        return out;
    }

    /** The current live bytes of a file (for tests of this class and for diagnostics). */
    public synchronized byte[] liveBytes(Path path, long position, int length) {
        byte[] out = new byte[length];
        files.get(path).live.read(position, out);
        return out;
    }

    /** The current durable bytes of a file. */
    public synchronized byte[] durableBytes(Path path, long position, int length) {
        byte[] out = new byte[length];
        files.get(path).durable.read(position, out);
        return out;
    }

    @Override
    public synchronized StoreFile open(Path path, boolean create) throws IOException {
        checkPower("open " + path);
        MemoryFile f = files.get(path);
        if (f == null) {
            if (!create) {
                throw new java.nio.file.NoSuchFileException(path.toString());
            }
            f = new MemoryFile(this, new SparseImage(), 0);
            files.put(path, f);
        }
        return new Handle(f, path);
    }

    @Override
    public synchronized boolean exists(Path path) {
        return files.containsKey(path);
    }

    private void checkPower(String what) throws PowerLoss {
        if (powerOff) {
            throw new PowerLoss("power lost before " + what);
        }
    }

    /** One write not yet forced. */
    private record PendingWrite(long position, byte[] data) {

        /** A random subset of this write's pieces cut at absolute sector boundaries. */
        List<PendingWrite> tornPieces(SplittableRandom random) {
            List<PendingWrite> out = new ArrayList<>();
            long end = position + data.length;
            long start = position;
            while (start < end) {
                long next = Math.min(end, (start / SECTOR + 1) * SECTOR);
                if (random.nextBoolean()) {
                    byte[] piece = new byte[(int) (next - start)];
                    System.arraycopy(data, (int) (start - position), piece, 0, piece.length);
                    out.add(new PendingWrite(start, piece));
                }
                start = next;
            }
            return out;
        }
    }

    /** A file: durable image, live image, unforced writes. Guarded by the file system's monitor. */
    private static final class MemoryFile {
        final CrashingFileSystem fs;
        final SparseImage durable;
        final SparseImage live;
        final List<PendingWrite> pending = new ArrayList<>();
        long length;

        MemoryFile(CrashingFileSystem fs, SparseImage durable, long length) {
            this.fs = fs;
            this.durable = durable;
            this.live = durable.copy();
            this.length = length;
        }
    }

    private final class Handle implements StoreFile {
        private final MemoryFile file;
        private final Path path;

        Handle(MemoryFile file, Path path) {
            this.file = file;
            this.path = path;
        }

        @Override
        public void read(ByteBuffer dst, long position) throws IOException {
            synchronized (CrashingFileSystem.this) {
                checkPower("read of " + path);
                byte[] bytes = new byte[dst.remaining()];
                file.live.read(position, bytes);
                dst.put(bytes);
            }
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            synchronized (CrashingFileSystem.this) {
                checkPower("write to " + path + " at " + position);
                if (position < 0) {
                    throw new IOException("negative position " + position);
                }
                byte[] bytes = new byte[src.remaining()];
                src.get(bytes);
                long index = writes++;
                file.pending.add(new PendingWrite(position, bytes));
                file.live.write(position, bytes);
                file.length = Math.max(file.length, position + bytes.length);
                if (index == crashAt) {
                    powerOff = true;
                    throw new PowerLoss("power lost during write " + index + " to " + path + " at " + position);
                }
            }
        }

        @Override
        public void force() throws IOException {
            synchronized (CrashingFileSystem.this) {
                checkPower("force of " + path);
                for (PendingWrite w : file.pending) {
                    file.durable.write(w.position, w.data);
                }
                file.pending.clear();
                forces++;
            }
        }

        @Override
        public long size() throws IOException {
            synchronized (CrashingFileSystem.this) {
                checkPower("size of " + path);
                return file.length;
            }
        }

        @Override
        public void setSize(long size) throws IOException {
            synchronized (CrashingFileSystem.this) {
                checkPower("setSize of " + path);
                if (size < file.length) {
                    file.live.truncate(size);
                    file.durable.truncate(size);
                    List<PendingWrite> clipped = new ArrayList<>();
                    for (PendingWrite w : file.pending) {
                        if (w.position < size) {
                            int keep = (int) Math.min(w.data.length, size - w.position);
                            clipped.add(new PendingWrite(w.position, java.util.Arrays.copyOf(w.data, keep)));
                        }
                    }
                    file.pending.clear();
                    file.pending.addAll(clipped);
                }
                file.length = size;
            }
        }

        @Override
        public void close() {
        }
    }
}
