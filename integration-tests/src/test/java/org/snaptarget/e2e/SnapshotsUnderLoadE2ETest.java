package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.e2e.AcknowledgedWriter.Write;
import org.snaptarget.e2e.harness.CommandResult;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.ExternalCommand;
import org.snaptarget.e2e.harness.RequiredTool;

/**
 * Issue 5, "What it must show" item 3: snapshots taken while a host writes continuously are
 * consistent points in time, with no I/O error on the host.
 *
 * <p>A qemu-io session over iSCSI ({@link AcknowledgedWriter}) writes 4 KiB blocks round-robin
 * over 256 slots, one outstanding write at a time, recording issue and acknowledgement times.
 * Meanwhile snapshots are taken back to back, up to {@value #TARGET_SNAPSHOTS} within
 * {@value #SNAPSHOT_SECONDS} s. A {@code snaptarget snapshot create} process costs 1-3 s of JVM
 * start-up on this machine (1,000 of them would take 20-50 minutes), so every {@value #CLI_EVERY}th snapshot is taken through the CLI and
 * the rest through the admin endpoint's {@code POST /v1/pools/p1/snapshots} with the token, the
 * very request the CLI sends; the test prints how many of each it took.
 *
 * <p>Then {@value #SAMPLE} snapshots spread over the run (CLI ones among them) are exported
 * read-only and read back whole. For each, with start and end the times its create request
 * started and returned: every slot holds a single write's pattern (wholly in or out); every write
 * acknowledged before start is in, or overwritten by a later one that is; no write issued after
 * end is; and the content is exactly the state after some prefix of the write sequence (if a
 * write is in, every write before it is), the cut lying between those bounds.
 */
class SnapshotsUnderLoadE2ETest {

    private static final int TARGET_SNAPSHOTS = 1000;
    private static final int SNAPSHOT_SECONDS = 140;
    private static final int CLI_EVERY = 50;
    private static final int SAMPLE = 10;
    private static final int SLOTS = 256;
    private static final int BLOCK = 4096;
    private static final String POOL = ConfiguredServer.POOL;

    /** One snapshot: its name, how it was taken, and when its create started and returned. */
    private record Taken(String name, boolean viaCli, long startNanos, long endNanos) {
    }

    private ConfiguredServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void snapshotsTakenWhileAHostWritesHoldExactlyAPrefixOfItsWrites() throws IOException {
        long begin = System.nanoTime();
        RequiredTool.requireQemuIscsiDriver();
        Path dir = E2eEnvironment.scratchDir("snapshots-under-load");
        server = ConfiguredServer.start(dir, "16MiB", "1GiB", "4KiB");
        SnaptargetCli cli = new SnaptargetCli(server.config());
        AdminHttp http = new AdminHttp(server);

        List<Taken> taken = new ArrayList<>();
        List<Write> writes;
        List<String> errors;
        try (AcknowledgedWriter writer = AcknowledgedWriter.start(server.url(0), SLOTS, BLOCK)) {
            awaitWrites(writer, 50);
            long deadline = System.nanoTime() + SNAPSHOT_SECONDS * 1_000_000_000L;
            for (int i = 0; i < TARGET_SNAPSHOTS && System.nanoTime() < deadline && writer.errors().isEmpty(); i++) {
                String name = "load-%04d".formatted(i);
                boolean viaCli = i % CLI_EVERY == CLI_EVERY - 1;
                long start = System.nanoTime();
                if (viaCli) {
                    cli.ok("snapshot", "create", POOL, name, "--read-only");
                } else {
                    http.post("/v1/pools/" + POOL + "/snapshots", "{\"name\":\"" + name + "\",\"readOnly\":true}");
                }
                taken.add(new Taken(name, viaCli, start, System.nanoTime()));
            }
            awaitWrites(writer, writer.writes().size() + 20);
            writer.close();
            writes = writer.writes();
            errors = writer.errors();
        }
        long cliCount = taken.stream().filter(Taken::viaCli).count();
        System.out.printf("[e2e-snap] %d snapshots in %.1f s (%d through the CLI, %d through POST /v1/pools/%s/snapshots)"
                          + " while the host wrote %d blocks%n", taken.size(), (taken.getLast().endNanos() - taken.getFirst().startNanos()) / 1e9,
                cliCount, taken.size() - cliCount, POOL, writes.size());
        long slowest = writes.stream().filter(Write::acked).mapToLong(w -> w.ackedNanos() - w.issuedNanos()).max().orElse(0);
        System.out.printf("[e2e-snap] slowest write: %.1f ms from issue to acknowledgement%n", slowest / 1e6);
        assertTrue(errors.isEmpty(), () -> "the host saw I/O errors: " + errors + "\n" + server.logTail(30));
        assertTrue(taken.size() >= 100, "at least 100 snapshots within the time bound, took " + taken.size());
        assertEquals(taken.size(), SnapshotLifecycleE2ETest.listJson(cli).size(), "snapshot list shows every snapshot");

        List<Taken> sample = sample(taken);
        for (int i = 0; i < sample.size(); i++) {
            Taken snap = sample.get(i);
            int lun = 10 + i;
            http.post("/v1/targets/" + ConfiguredServer.IQN + "/luns",
                    "{\"lun\":" + lun + ",\"pool\":\"" + POOL + "\",\"snapshot\":\"" + snap.name() + "\",\"readOnly\":true}");
            byte[] image = readRegion(dir, lun);
            verify(snap, image, writes);
        }
        server.stop();
        CommandResult fsck = cli.ok("fsck", POOL);
        assertTrue(fsck.stdout().contains("pool " + POOL + ": clean"), fsck::describe);
        System.out.printf("[e2e-snap] SnapshotsUnderLoadE2ETest took %.1f s%n", (System.nanoTime() - begin) / 1e9);
    }

    /** {@value #SAMPLE} snapshots evenly spread, plus the first one taken through the CLI. */
    private static List<Taken> sample(List<Taken> taken) {
        List<Taken> sample = new ArrayList<>();
        taken.stream().filter(Taken::viaCli).findFirst().ifPresent(sample::add);
        for (int i = 0; sample.size() < SAMPLE && i < SAMPLE; i++) {
            Taken t = taken.get((int) ((long) i * (taken.size() - 1) / (SAMPLE - 1)));
            if (!sample.contains(t)) {
                sample.add(t);
            }
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
                System.out.printf("[e2e-snap] %s (%s): holds writes 0..%d; acknowledged before create: 0..%d,"
                                  + " issued before it returned: 0..%d%n", snap.name(), snap.viaCli() ? "CLI" : "HTTP",
                        cut, lastAckedBefore, lastIssuedBefore);
                return;
            }
        }
        fail(snap.name() + " is not the state after any prefix of writes " + low + ".." + high
             + " (acknowledged before its create: 0.." + lastAckedBefore + ", issued before it returned: 0.."
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
