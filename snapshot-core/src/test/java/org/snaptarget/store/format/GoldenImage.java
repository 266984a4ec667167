package org.snaptarget.store.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.testing.CrashingFileSystem;
import org.snaptarget.store.testing.ModelCheckedPool;
import org.snaptarget.store.testing.PoolModel;
import org.snaptarget.store.testing.PoolOp;
import org.snaptarget.store.testing.TestPools;
import org.snaptarget.store.testing.Workloads;

/**
 * The deterministic generator of the golden store image of one format version, and the
 * expectations the format tests check it against.
 *
 * <p>The image is a 64 KiB origin and a 1 MiB store with 4 KiB chunks, made by running
 * {@link Workloads#scripted} (every write rule, snapshots of snapshots, unmaps, deletes), then a
 * flush and a finished sweep, then two more snapshots of the origin, {@code z1} and {@code z2},
 * and a clean close. The last two commits therefore hold the same bytes for every device and
 * differ only in {@code z2}: a pool that falls back to its older superblock must still show the
 * final bytes, with or without {@code z2}.
 *
 * <p>Regenerate (only when the format version changes; add a new {@code golden/vN} directory and
 * keep the old ones):
 * <pre>
 * mvn -B -q -pl snapshot-core -am test -Dtest=GoldenImageTest#regenerate -Dsnaptarget.regenerateGolden=v1 \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * which writes {@code src/test/resources/golden/v1/origin.img.gz} and {@code store.img.gz}.
 */
public final class GoldenImage {

    public static final int CHUNK = 4096;
    public static final long ORIGIN_SIZE = 64 * 1024;
    public static final long STORE_SIZE = 1 << 20;
    public static final String ORIGIN_FILE = "origin.img.gz";
    public static final String STORE_FILE = "store.img.gz";

    /** The model state the image must show, plus every chunk image any device ever held while it was made. */
    public record Expected(PoolModel model, Set<String> dataChunks) {
    }

    private GoldenImage() {
    }

    public static PoolConfig config(CrashingFileSystem fs) {
        return TestPools.config(fs, ORIGIN_SIZE, STORE_SIZE, CHUNK);
    }

    /** Runs the generating workload on {@code fs}; returns what it must show. */
    public static Expected generate(CrashingFileSystem fs) {
        Set<String> chunks = new HashSet<>();
        try (ModelCheckedPool run = ModelCheckedPool.create(config(fs))) {
            for (PoolOp op : ops()) {
                run.apply(op);
                recordChunks(run.model(), chunks);
            }
            run.awaitSweep();
            run.apply(new PoolOp.Flush(0));
            run.apply(new PoolOp.CreateSnapshot(0, false));
            run.apply(new PoolOp.CreateSnapshot(0, false));
            recordChunks(run.model(), chunks);
            run.verifyAll();
            return new Expected(run.model(), chunks);
        }
    }

    /** The model state alone, without running a pool (what the golden test compares against). */
    public static Expected expected() {
        PoolModel model = new PoolModel(ORIGIN_SIZE, CHUNK);
        Set<String> chunks = new HashSet<>();
        ModelOnlyRun run = new ModelOnlyRun(model);
        for (PoolOp op : ops()) {
            run.apply(op);
            recordChunks(model, chunks);
        }
        run.apply(new PoolOp.Flush(0));
        run.apply(new PoolOp.CreateSnapshot(0, false));
        run.apply(new PoolOp.CreateSnapshot(0, false));
        return new Expected(model, chunks);
    }

    /** Names of the two trailing snapshots: the older superblock may lack the second. */
    public static List<String> trailingSnapshots() {
        int n = 0;
        for (PoolOp op : ops()) {
            if (op instanceof PoolOp.CreateSnapshot) {
                n++;
            }
        }
        return List.of("s" + (n + 1), "s" + (n + 2));
    }

    static List<PoolOp> ops() {
        return Workloads.scripted(CHUNK / 512);
    }

    /** A chunk image as a key (hex of a SHA-256). */
    public static String chunkKey(byte[] bytes, int from) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(bytes, from, CHUNK);
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void recordChunks(PoolModel model, Set<String> chunks) {
        List<String> devices = new ArrayList<>(model.snapshotNames());
        devices.add(PoolModel.ORIGIN);
        for (String d : devices) {
            byte[] bytes = model.contents(d);
            for (int off = 0; off < bytes.length; off += CHUNK) {
                chunks.add(chunkKey(bytes, off));
            }
        }
    }

    /** Writes the images of {@code fs} (after {@link #generate}) gzipped into {@code dir}. */
    public static void save(CrashingFileSystem fs, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeGz(dir.resolve(ORIGIN_FILE), fs.liveBytes(TestPools.ORIGIN_PATH));
        writeGz(dir.resolve(STORE_FILE), fs.liveBytes(TestPools.STORE_PATH));
    }

    /** A file system holding the golden images of {@code version} from the test resources, or null when absent. */
    public static CrashingFileSystem load(String version) {
        byte[] origin = readGz("/golden/" + version + "/" + ORIGIN_FILE);
        byte[] store = readGz("/golden/" + version + "/" + STORE_FILE);
        if (origin == null || store == null) {
            return null;
        }
        return fileSystem(origin, store);
    }

    public static CrashingFileSystem fileSystem(byte[] origin, byte[] store) {
        CrashingFileSystem fs = new CrashingFileSystem();
        fs.putDurable(TestPools.ORIGIN_PATH, origin);
        fs.putDurable(TestPools.STORE_PATH, store);
        return fs;
    }

    public static byte[] readGz(String resource) {
        try (InputStream in = GoldenImage.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            try (GZIPInputStream gz = new GZIPInputStream(in); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                gz.transferTo(out);
                return out.toByteArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeGz(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes);
        }
    }

    /** Applies ops to a model only, resolving device indices the way {@link ModelCheckedPool} does. */
    private static final class ModelOnlyRun {
        private final PoolModel model;
        private int created;

        ModelOnlyRun(PoolModel model) {
            this.model = model;
        }

        void apply(PoolOp op) {
            long sectors = model.size() / PoolModel.SECTOR;
            switch (op) {
                case PoolOp.Write w -> {
                    String dev = device(w.device());
                    long[] ext = extent(w.sector(), w.sectors(), sectors);
                    if (!model.isReadOnly(dev)) {
                        model.write(dev, ext[0], ModelCheckedPool.fill(w.fill(), (int) ext[1]));
                    }
                }
                case PoolOp.Unmap u -> {
                    String dev = device(u.device());
                    long[] ext = extent(u.sector(), u.sectors(), sectors);
                    if (!model.isReadOnly(dev)) {
                        model.unmap(dev, ext[0], ext[1]);
                    }
                }
                case PoolOp.CreateSnapshot c -> {
                    String from = device(c.parent());
                    model.createSnapshot("s" + (++created), PoolModel.ORIGIN.equals(from) ? null : from, c.readOnly());
                }
                case PoolOp.DeleteSnapshot d -> {
                    List<String> names = model.snapshotNames();
                    if (!names.isEmpty()) {
                        model.deleteSnapshot(names.get(Math.floorMod(d.snapshot(), names.size())));
                    }
                }
                case PoolOp.Flush f -> model.flush();
                case PoolOp.Reopen r -> model.flush();
                case PoolOp.Read r -> {
                }
            }
        }

        private String device(int index) {
            return PoolOp.deviceName(model.snapshotNames(), index);
        }

        private static long[] extent(int sector, int n, long deviceSectors) {
            return PoolOp.byteExtent(sector, n, deviceSectors);
        }
    }
}
