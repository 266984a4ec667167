package org.snaptarget.store.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;
import org.snaptarget.store.PoolStats;
import org.snaptarget.store.Volume;

/**
 * The snapshot-scaling benchmark of issue 2 ("What it must measure"; DESIGN.md §5): a pool on
 * real files under {@code java.io.tmpdir} (64 KiB chunks, 1 GiB sparse origin) is grown to
 * N = 0, 1, 10, 100, 1,000 and 10,000 snapshots, with one random origin write (a copy-out) between
 * snapshot creations so that the tree holds entries of many snapshots. At each N it measures
 * <ul>
 *   <li>steady-state origin random 4 KiB write IOPS (chunks already copied out; one thread;
 *       ends with a flush; best of {@value #ROUNDS} rounds, as are the next two);</li>
 *   <li>first-write IOPS: random 4 KiB origin writes to distinct chunks just after a new
 *       snapshot (each round takes its own), each needing a durable copy-out ({@value #THREADS} threads, so group commit
 *       can work);</li>
 *   <li>snapshot write IOPS: random 4 KiB writes to distinct chunks of that new snapshot (each
 *       a copy from the origin; {@value #THREADS} threads, then a flush);</li>
 *   <li>snapshot create and delete latency p50/p99 (each includes its durable commit), over
 *       {@value #PROBES} extra snapshots with two copy-outs each, and the sweep rate (exception
 *       entries and bytes freed per second, from the first delete until the sweep is done);</li>
 *   <li>exception entries and blocks used.</li>
 * </ul>
 * A separate pool with 4 KiB chunks (so that a chunk is one metadata block) is filled with about
 * 1M exception entries that hold no data (whole-device unmaps on every other snapshot), giving
 * metadata bytes per entry exactly, and the time to open it (page cache warm). A warm-up round runs the N = 0 measurements once before the timed ones.
 * Not a test: it asserts nothing and runs only when asked (see {@code snapshot-core/BENCHMARK.md}).
 */
@EnabledIfSystemProperty(named = "snaptarget.bench", matches = "true")
class StoreBenchmark {

    static final int CHUNK = 64 * 1024;
    static final long ORIGIN = 1L << 30;
    static final long STORE = 8L << 30;
    static final int IO = 4096;
    static final int THREADS = 4;
    static final int PROBES = 40;
    static final int STEADY_OPS = 10_000;
    /** Throughput figures are the best of this many rounds: the machine is shared, and the best round is the least disturbed. */
    static final int ROUNDS = 3;
    static final int FIRST_WRITES = 400;
    static final int WORKING_SET_CHUNKS = 512;
    static final long SEED = 1;

    private final SplittableRandom random = new SplittableRandom(SEED);
    private final ByteBuffer block = ByteBuffer.allocateDirect(IO);
    private final StringBuilder out = new StringBuilder();

    /** One row of the table. */
    record Row(int n, double steadyIops, double firstWriteIops, double snapshotWriteIops, Latencies create,
               Latencies delete, double sweepEntriesPerSec, double sweepMiBPerSec, long entries, long blocksUsed) {
    }

    @Test
    void run() throws Exception {
        int max = Integer.getInteger("snaptarget.benchMaxSnapshots", 10_000);
        Path dir = Files.createTempDirectory("snaptarget-bench");
        ExecutorService pool4 = Executors.newFixedThreadPool(THREADS);
        try {
            print("SnapTarget store benchmark: chunk %d KiB, origin %d GiB sparse, real files in %s, %d cores%n",
                    CHUNK / 1024, ORIGIN >> 30, dir, Runtime.getRuntime().availableProcessors());
            List<Row> rows = scaling(dir.resolve("scaling"), max, pool4);
            table(rows);
            openAndMetadata(dir.resolve("million"));
        } finally {
            pool4.shutdownNow();
            deleteTree(dir);
            Path report = Path.of("target", "store-benchmark.txt");
            Files.createDirectories(report.getParent());
            Files.writeString(report, out);
        }
    }

    private List<Row> scaling(Path dir, int max, ExecutorService threads) throws Exception {
        Files.createDirectories(dir);
        PoolConfig config = PoolConfig.of(dir.resolve("origin"), ORIGIN, dir.resolve("store"), STORE);
        List<Row> rows = new ArrayList<>();
        try (Pool pool = Pool.create(config)) {
            measure(pool, 0, threads);
            print("warm-up done%n");
            int built = 0;
            for (int n : new int[] {0, 1, 10, 100, 1_000, 10_000}) {
                if (n > max) {
                    break;
                }
                long t0 = System.nanoTime();
                while (built < n) {
                    writeOrigin(pool.origin(), random.nextInt((int) (ORIGIN / CHUNK)));
                    pool.createSnapshot("b" + (++built), null, false);
                }
                print("N=%d: grew in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
                rows.add(measure(pool, n, threads));
            }
        }
        return rows;
    }

    private Row measure(Pool pool, int n, ExecutorService threads) throws Exception {
        Volume origin = pool.origin();
        int chunks = (int) (ORIGIN / CHUNK);
        int base = random.nextInt(chunks - WORKING_SET_CHUNKS);
        for (int c = base; c < base + WORKING_SET_CHUNKS; c++) {
            writeOrigin(origin, c);
        }
        origin.flush();
        double steady = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < STEADY_OPS; i++) {
                writeOrigin(origin, base + random.nextInt(WORKING_SET_CHUNKS));
            }
            origin.flush();
            steady = Math.max(steady, STEADY_OPS / ((System.nanoTime() - t0) / 1e9));
        }

        List<Long> createNanos = new ArrayList<>();
        double firstWrite = 0;
        double snapWrite = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            String probe = "probe-" + n + "-" + round;
            createNanos.add(timed(() -> pool.createSnapshot(probe, null, false)));
            firstWrite = Math.max(firstWrite, parallelWrites(threads, origin, distinctChunks(chunks, FIRST_WRITES, base)));
            snapWrite = Math.max(snapWrite,
                    parallelWrites(threads, pool.snapshotVolume(probe), distinctChunks(chunks, FIRST_WRITES, base)));
        }
        for (int p = ROUNDS + 1; p <= PROBES; p++) {
            writeOrigin(origin, random.nextInt(chunks));
            writeOrigin(origin, random.nextInt(chunks));
            String name = "probe-" + n + "-" + p;
            createNanos.add(timed(() -> pool.createSnapshot(name, null, false)));
        }
        origin.flush();
        pool.awaitSweep(Duration.ofMinutes(5));
        PoolStats before = pool.stats();
        List<Long> deleteNanos = new ArrayList<>();
        long s0 = System.nanoTime();
        for (int p = 1; p <= PROBES; p++) {
            String name = "probe-" + n + "-" + p;
            deleteNanos.add(timed(() -> pool.deleteSnapshot(name)));
        }
        pool.awaitSweep(Duration.ofMinutes(5));
        origin.flush();
        double sweepSecs = (System.nanoTime() - s0) / 1e9;
        PoolStats after = pool.stats();
        double entriesRate = (before.exceptionEntries() - after.exceptionEntries()) / sweepSecs;
        double mibRate = (before.blocksUsed() - after.blocksUsed()) * (double) pool.chunkSize() / (1 << 20) / sweepSecs;
        return new Row(n, steady, firstWrite, snapWrite, latencies(createNanos), latencies(deleteNanos), entriesRate, mibRate,
                after.exceptionEntries(), after.blocksUsed());
    }

    /** Writes one random 4 KiB block of chunk {@code c}. */
    private void writeOrigin(Volume v, int c) {
        writeBlock(v, (long) c * CHUNK + (long) random.nextInt(CHUNK / IO) * IO, block);
    }

    private static void writeBlock(Volume v, long offset, ByteBuffer buf) {
        ByteBuffer b = buf.duplicate().clear();
        b.putLong(0, offset ^ System.nanoTime());
        v.write(offset, b);
    }

    private List<Integer> distinctChunks(int chunks, int count, int avoidBase) {
        Set<Integer> picked = new HashSet<>();
        while (picked.size() < count) {
            int c = random.nextInt(chunks);
            if (c < avoidBase || c >= avoidBase + WORKING_SET_CHUNKS) {
                picked.add(c);
            }
        }
        return new ArrayList<>(picked);
    }

    /** Writes one 4 KiB block into each chunk from {@value #THREADS} threads; returns writes per second (incl. a final flush). */
    private static double parallelWrites(ExecutorService threads, Volume v, List<Integer> chunks) throws Exception {
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int from = t;
            futures.add(threads.submit(() -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(IO);
                for (int i = from; i < chunks.size(); i += THREADS) {
                    writeBlock(v, (long) chunks.get(i) * CHUNK + (long) (i % (CHUNK / IO)) * IO, buf);
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        v.flush();
        return chunks.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private void openAndMetadata(Path dir) throws IOException {
        Files.createDirectories(dir);
        int chunk = 4096;
        long originSize = 1024L * chunk;
        PoolConfig config = PoolConfig.of(dir.resolve("origin"), originSize, dir.resolve("store"), 1L << 30)
                .withChunkSize(chunk);
        long t0 = System.nanoTime();
        long entries;
        long blocksUsed;
        try (Pool pool = Pool.create(config)) {
            int i = 0;
            while (pool.stats().exceptionEntries() < 1_000_000 && i < 4_000) {
                String name = "m" + (++i);
                pool.createSnapshot(name, null, false);
                if (i % 2 == 1) {
                    pool.snapshotVolume(name).unmap(0, originSize);
                }
            }
            pool.origin().flush();
            PoolStats s = pool.stats();
            entries = s.exceptionEntries();
            blocksUsed = s.blocksUsed();
            print("1M-entry pool: %d snapshots, %d entries built in %.1f s%n", i, entries, (System.nanoTime() - t0) / 1e9);
        }
        List<Long> opens = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            opens.add(timed(() -> Pool.open(config).close()));
        }
        Latencies open = latencies(opens);
        print("metadata bytes per exception entry: %.1f (%d blocks of %d KiB over %d entries, no data chunks)%n",
                blocksUsed * (double) chunk / entries, blocksUsed, chunk / 1024, entries);
        print("open of a store with %d entries (page cache warm, includes close): median %.0f ms, best %.0f ms%n",
                entries, open.percentileMillis(50), open.percentileMillis(1));
    }

    private void table(List<Row> rows) {
        Row one = rows.stream().filter(r -> r.n() == 1).findFirst().orElse(rows.get(0));
        print("%n%7s %11s %11s %11s %9s %9s %9s %9s %12s %10s %10s %11s %9s %9s%n", "N", "steady/s", "1st-wr/s",
                "snap-wr/s", "cr p50ms", "cr p99ms", "del p50", "del p99", "sweep ent/s", "sweep MiB/s", "entries",
                "blocksUsed", "steady×", "1st-wr×");
        for (Row r : rows) {
            print("%7d %11.0f %11.0f %11.0f %9.2f %9.2f %9.2f %9.2f %12.0f %10.1f %10d %11d %9.2f %9.2f%n", r.n(),
                    r.steadyIops(), r.firstWriteIops(), r.snapshotWriteIops(), r.create().percentileMillis(50),
                    r.create().percentileMillis(99), r.delete().percentileMillis(50), r.delete().percentileMillis(99),
                    r.sweepEntriesPerSec(), r.sweepMiBPerSec(), r.entries(), r.blocksUsed(),
                    r.steadyIops() / one.steadyIops(), r.firstWriteIops() / one.firstWriteIops());
        }
        print("(× columns: ratio to N=1; goals at N=10,000: steady ≥ 0.9, first-write ≥ 0.8)%n");
    }

    private static long timed(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }

    private static Latencies latencies(List<Long> nanos) {
        return new Latencies(nanos.stream().mapToLong(Long::longValue).toArray());
    }

    private void print(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.print(s);
        System.out.flush();
        out.append(s);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
