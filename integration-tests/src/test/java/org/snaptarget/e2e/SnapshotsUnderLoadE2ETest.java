package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.e2e.AcknowledgedWriter.Write;
import org.snaptarget.e2e.harness.CommandResult;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.ExternalCommand;
import org.snaptarget.e2e.harness.RequiredTool;

/**
 * Issue 5, "What it must show" item 3: 1,000 snapshots taken through the CLI while a host writes
 * continuously are consistent points in time, with no I/O error on the host and no pause of its
 * writes longer than one store commit.
 *
 * <p>A qemu-io session over iSCSI ({@link AcknowledgedWriter}) writes 4 KiB blocks round-robin
 * over 256 slots, one outstanding write at a time, recording issue and acknowledgement times.
 * Meanwhile {@value #SNAPSHOTS} snapshots are taken, every one by its own
 * {@code ./snaptarget snapshot create p1 NAME --read-only --config FILE} process ({@link SnaptargetCli}),
 * up to {@value #PARALLEL} processes at a time (the server serialises the creates; one process at a
 * time would not fit the time limit on a 2-core machine). Each snapshot's create process is timed
 * from just before it started to just after it exited. All {@value #SNAPSHOTS} must be taken within
 * {@value #LIMIT_SECONDS} s, or the test fails.
 *
 * <p>Checks: the host saw no I/O error; {@code snapshot list} shows every snapshot, in an order
 * (snapshot ids) that never contradicts the processes' times; {@value #SAMPLE} snapshots spread
 * over the run are exported read-only ({@code lun add}) and read back whole, and each is exactly
 * the state after some prefix of the write sequence, every write acknowledged before its process
 * started in and none issued after it exited; the server's metrics (and {@code status --json}) show
 * that every create's write pause held exactly one store commit — its own (a structural bound, not a
 * timing one); and fsck of the stopped pool is clean.
 */
class SnapshotsUnderLoadE2ETest {

    private static final int SNAPSHOTS = 1000;
    private static final int PARALLEL = 4;
    private static final int LIMIT_SECONDS = 480;
    private static final int SAMPLE = 10;
    private static final int SLOTS = 256;
    private static final int BLOCK = 4096;
    private static final String POOL = ConfiguredServer.POOL;

    /** One snapshot: its name and when its create process started and ended. */
    private record Taken(String name, long startNanos, long endNanos) {
    }

    private ConfiguredServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aThousandCliSnapshotsWhileAHostWritesHoldExactlyAPrefixOfItsWritesAndPauseItForOneCommitEach()
            throws Exception {
        long begin = System.nanoTime();
        RequiredTool.requireQemuIscsiDriver();
        Path dir = E2eEnvironment.scratchDir("snapshots-under-load");
        server = ConfiguredServer.start(dir, "16MiB", "1GiB", "4KiB");
        SnaptargetCli cli = new SnaptargetCli(server.config());
        cli.ok("snapshot", "list", POOL); // writes the launcher's class-data archive if the jar is new

        List<Taken> taken;
        List<Write> writes;
        List<String> errors;
        double seconds;
        try (AcknowledgedWriter writer = AcknowledgedWriter.start(server.url(0), SLOTS, BLOCK)) {
            awaitWrites(writer, 50);
            long first = System.nanoTime();
            taken = takeSnapshots(cli, writer);
            seconds = (System.nanoTime() - first) / 1e9;
            awaitWrites(writer, writer.writes().size() + 20);
            writer.close();
            writes = writer.writes();
            errors = writer.errors();
        }
        long[] cliNanos = taken.stream().mapToLong(t -> t.endNanos() - t.startNanos()).sorted().toArray();
        System.out.printf("[e2e-snap] %d snapshots through the CLI in %.1f s (%d processes at a time) while the host"
                          + " wrote %d blocks; per command p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", taken.size(), seconds,
                PARALLEL, writes.size(), percentile(cliNanos, 50) / 1e6, percentile(cliNanos, 99) / 1e6,
                cliNanos[cliNanos.length - 1] / 1e6);
        long slowest = writes.stream().filter(Write::acked).mapToLong(w -> w.ackedNanos() - w.issuedNanos()).max().orElse(0);
        System.out.printf("[e2e-snap] slowest write: %.1f ms from issue to acknowledgement%n", slowest / 1e6);
        assertTrue(errors.isEmpty(), () -> "the host saw I/O errors: " + errors + "\n" + server.logTail(30));

        Map<String, JsonNode> listed = SnapshotLifecycleE2ETest.listJson(cli);
        assertEquals(SNAPSHOTS, listed.size(), "snapshot list shows every snapshot");
        List<Taken> byId = new ArrayList<>(taken);
        byId.sort(Comparator.comparingLong(t -> listed.get(t.name()).get("id").asLong()));
        checkOrder(byId);

        checkPauses(new AdminHttp(server).get("/metrics"));
        JsonNode pauses = new ObjectMapper().readTree(cli.ok("status", "--json").stdout()).get("pools").get(0)
                .get("snapshotPauses");
        assertEquals(SNAPSHOTS, pauses.get("pauses").asLong(), "status --json: " + pauses);
        assertEquals(SNAPSHOTS, pauses.get("commits").asLong(), "status --json: " + pauses);
        assertEquals(1, pauses.get("maxCommitsInOnePause").asLong(), "status --json: " + pauses);

        List<Taken> sample = sample(byId);
        for (int i = 0; i < sample.size(); i++) {
            Taken snap = sample.get(i);
            int lun = 10 + i;
            cli.ok("lun", "add", ConfiguredServer.IQN, Integer.toString(lun), "--pool", POOL, "--snapshot", snap.name(),
                    "--read-only");
            verify(snap, readRegion(dir, lun), writes);
        }
        server.stop();
        CommandResult fsck = cli.ok("fsck", POOL);
        assertTrue(fsck.stdout().contains("pool " + POOL + ": clean"), fsck::describe);
        System.out.printf("[e2e-snap] SnapshotsUnderLoadE2ETest took %.1f s%n", (System.nanoTime() - begin) / 1e9);
    }

    /**
     * Runs {@value #SNAPSHOTS} create processes, {@value #PARALLEL} at a time, and returns them in
     * the order they ended. Fails when one fails, when the host reports an error, or when they do
     * not all end within {@value #LIMIT_SECONDS} s.
     */
    private static List<Taken> takeSnapshots(SnaptargetCli cli, AcknowledgedWriter writer) throws Exception {
        long deadline = System.nanoTime() + LIMIT_SECONDS * 1_000_000_000L;
        AtomicInteger next = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        ConcurrentLinkedQueue<Taken> done = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < PARALLEL; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < SNAPSHOTS; i = next.getAndIncrement()) {
                        if (failure.get() != null || !writer.errors().isEmpty() || System.nanoTime() > deadline) {
                            return;
                        }
                        String name = "load-%04d".formatted(i);
                        SnaptargetCli.Timed run = cli.timed("snapshot", "create", POOL, name, "--read-only");
                        if (!run.succeeded()) {
                            failure.compareAndSet(null, "snapshot create " + name + " exited " + run.exitCode()
                                    + ": " + run.stderr().strip() + run.stdout().strip());
                            return;
                        }
                        done.add(new Taken(name, run.startNanos(), run.endNanos()));
                    }
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            fail(failure.get());
        }
        assertTrue(writer.errors().isEmpty(), () -> "the host saw I/O errors: " + writer.errors());
        if (done.size() < SNAPSHOTS) {
            fail("only " + done.size() + " of " + SNAPSHOTS + " snapshots were taken through the CLI within "
                 + LIMIT_SECONDS + " s");
        }
        List<Taken> taken = new ArrayList<>(done);
        taken.sort(Comparator.comparingLong(Taken::endNanos));
        return taken;
    }

    /** Snapshot ids follow creation; a create whose process ended before another's started has the smaller id. */
    private static void checkOrder(List<Taken> byId) {
        long latestStart = Long.MIN_VALUE;
        Taken latest = null;
        for (Taken t : byId) {
            if (latest != null && t.endNanos() < latest.startNanos()) {
                fail(t.name() + " ended before " + latest.name() + " started, yet has the larger snapshot id");
            }
            if (t.startNanos() > latestStart) {
                latestStart = t.startNanos();
                latest = t;
            }
        }
    }

    /**
     * Every create's write pause ({@code snaptarget_snapshot_write_pause_seconds}) held exactly one
     * store commit: as many commits inside pauses as pauses, and never more than one in any.
     */
    private static void checkPauses(String metrics) {
        String pool = "{pool=\"" + POOL + "\"}";
        double pauses = sample(metrics, "snaptarget_snapshot_write_pause_seconds_count" + pool);
        double commits = sample(metrics, "snaptarget_snapshot_pause_commits_total" + pool);
        double most = sample(metrics, "snaptarget_snapshot_pause_commits_max" + pool);
        double maxPause = sample(metrics, "snaptarget_snapshot_write_pause_max_seconds" + pool);
        double maxCommit = sample(metrics, "snaptarget_snapshot_pause_commit_max_seconds" + pool);
        double pauseSum = sample(metrics, "snaptarget_snapshot_write_pause_seconds_sum" + pool);
        System.out.printf("[e2e-snap] write pauses: %d, mean %.2f ms, max %.2f ms; store commits inside them: %d (at most"
                          + " %d in one); longest commit inside a pause %.2f ms%n", (long) pauses, pauseSum / pauses * 1e3,
                maxPause * 1e3, (long) commits, (long) most, maxCommit * 1e3);
        assertEquals(SNAPSHOTS, (long) pauses, "one write pause per snapshot create");
        assertEquals(SNAPSHOTS, (long) commits, "as many commits inside pauses as creates");
        assertEquals(1, (long) most, "no pause held more than the create's own commit");
    }

    private static double sample(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        if (!m.find()) {
            fail("no " + series + " in the metrics:\n" + metrics);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** {@value #SAMPLE} snapshots evenly spread over the creation order, first and last included. */
    private static List<Taken> sample(List<Taken> byId) {
        List<Taken> sample = new ArrayList<>();
        for (int i = 0; i < SAMPLE; i++) {
            sample.add(byId.get((int) ((long) i * (byId.size() - 1) / (SAMPLE - 1))));
        }
        return sample;
    }

    private static void verify(Taken snap, byte[] image, List<Write> writes) {
        long lastAckedBefore = -1;
        long lastIssuedBefore = -1;
        for (Write w : writes) {
            if (w.acked() && w.ackedNanos() < snap.startNanos()) {
                lastAckedBefore = w.n();
            }
            if (w.issuedNanos() < snap.endNanos()) {
                lastIssuedBefore = w.n();
            }
        }
        int[] held = new int[SLOTS];
        for (int slot = 0; slot < SLOTS; slot++) {
            int first = image[slot * BLOCK] & 0xff;
            for (int b = 1; b < BLOCK; b++) {
                if ((image[slot * BLOCK + b] & 0xff) != first) {
                    fail(snap.name() + ": block " + slot + " is torn (bytes 0x%02x and 0x%02x): a write was partly in"
                            .formatted(first, image[slot * BLOCK + b] & 0xff));
                }
            }
            held[slot] = first;
        }
        // The snapshot must equal the state after writes 0..cut for one cut in [lastAckedBefore, lastIssuedBefore].
        long low = lastAckedBefore;
        long high = Math.min(lastIssuedBefore, writes.getLast().n());
        for (long cut = low; cut <= high; cut++) {
            if (matchesCut(held, cut)) {
                System.out.printf("[e2e-snap] %s: holds writes 0..%d; acknowledged before its CLI process started:"
                                  + " 0..%d, issued before it ended: 0..%d%n", snap.name(), cut, lastAckedBefore,
                        lastIssuedBefore);
                return;
            }
        }
        fail(snap.name() + " is not the state after any prefix of writes " + low + ".." + high
             + " (acknowledged before its create started: 0.." + lastAckedBefore + ", issued before it ended: 0.."
             + lastIssuedBefore + "); slot patterns: " + Arrays.toString(held));
    }

    /** True when every slot holds the pattern of the last write to it numbered at most {@code cut}. */
    private static boolean matchesCut(int[] held, long cut) {
        for (int slot = 0; slot < SLOTS; slot++) {
            long last = cut < slot ? -1 : cut - ((cut - slot) % SLOTS);
            int expected = last < 0 ? 0 : AcknowledgedWriter.pattern(last, SLOTS);
            if (held[slot] != expected) {
                return false;
            }
        }
        return true;
    }

    private byte[] readRegion(Path dir, int lun) throws IOException {
        Path out = dir.resolve("lun-" + lun + ".img");
        String source = "json:{\"driver\":\"raw\",\"size\":" + (SLOTS * BLOCK) + ",\"file\":{\"driver\":\"iscsi\","
                        + "\"transport\":\"tcp\",\"portal\":\"127.0.0.1:" + server.port() + "\",\"target\":\""
                        + ConfiguredServer.IQN + "\",\"lun\":" + lun + "}}";
        CommandResult convert = ExternalCommand.of(RequiredTool.QEMU_IMG.path(), "convert", "-f", "raw", "-O", "raw",
                source, out.toString()).run();
        assertTrue(convert.succeeded(), convert::describe);
        byte[] image = Files.readAllBytes(out);
        assertEquals(SLOTS * BLOCK, image.length, "bytes read from LUN " + lun);
        return image;
    }

    private static void awaitWrites(AcknowledgedWriter writer, int count) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (writer.writes().size() < count && writer.errors().isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("the host wrote only " + writer.writes().size() + " blocks in 30 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
