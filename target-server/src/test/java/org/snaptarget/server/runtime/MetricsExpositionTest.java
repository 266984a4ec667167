package org.snaptarget.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime's metrics: every family well formed, and the figures follow the I/O. */
class MetricsExpositionTest {

    static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)");

    @TempDir
    Path dir;

    @Test
    void metricsCountLunIoAndDescribePoolsInWellFormedText() throws Exception {
        var config = TestConfigs.config(dir, TestConfigs.pool(dir, "p", 4L << 20, 8L << 20, 65536, 80, List.of()),
                List.of(TestConfigs.origin(0)));
        try (ServerRuntime runtime = ServerRuntime.start(config, null)) {
            var origin = runtime.device(TestConfigs.TARGET, 0);
            origin.write(0, ByteBuffer.allocate(8192), false);
            origin.write(8192, ByteBuffer.allocate(4096), true);
            origin.read(0, ByteBuffer.allocate(512));
            runtime.createSnapshot("p", "s1", null, true);
            String text = runtime.metrics();
            checkWellFormed(text);
            String lun = "target=\"" + TestConfigs.TARGET + "\",lun=\"0\",pool=\"p\",snapshot=\"\"";
            assertTrue(text.contains("snaptarget_lun_operations_total{" + lun + ",op=\"write\"} 2\n"), text);
            assertTrue(text.contains("snaptarget_lun_bytes_total{" + lun + ",op=\"write\"} 12288\n"), text);
            assertTrue(text.contains("snaptarget_lun_operations_total{" + lun + ",op=\"read\"} 1\n"), text);
            assertTrue(text.contains("snaptarget_lun_latency_seconds_count{" + lun + ",op=\"write\"} 2\n"), text);
            assertTrue(text.contains("snaptarget_lun_latency_seconds_bucket{" + lun + ",op=\"write\",le=\"+Inf\"} 2\n"), text);
            assertTrue(text.contains("snaptarget_pool_snapshots{pool=\"p\"} 1\n"), text);
            assertTrue(text.contains("snaptarget_pool_store_bytes{pool=\"p\"} 8388608\n"), text);
            assertTrue(text.contains("snaptarget_pool_sweep_backlog_bytes{pool=\"p\"} 0\n"), text);
            assertTrue(text.contains("snaptarget_sessions 0\n"), text);
        }
    }

    @Test
    void everySnapshotCreateIsOnePauseHoldingExactlyItsOwnCommitInMetricsAndStatus() throws Exception {
        var config = TestConfigs.config(dir, TestConfigs.pool(dir, "p", 4L << 20, 8L << 20, 65536, 80, List.of()),
                List.of(TestConfigs.origin(0)));
        try (ServerRuntime runtime = ServerRuntime.start(config, null)) {
            var origin = runtime.device(TestConfigs.TARGET, 0);
            for (int i = 0; i < 3; i++) {
                origin.write(i * 65536L, ByteBuffer.allocate(4096), i == 1);
                runtime.createSnapshot("p", "s" + i, null, true);
            }
            String text = runtime.metrics();
            checkWellFormed(text);
            assertTrue(text.contains("snaptarget_snapshot_write_pause_seconds_count{pool=\"p\"} 3\n"), text);
            assertTrue(text.contains("snaptarget_snapshot_pause_commits_total{pool=\"p\"} 3\n"), text);
            assertTrue(text.contains("snaptarget_snapshot_pause_commits_max{pool=\"p\"} 1\n"), text);
            assertTrue(sample(text, "snaptarget_snapshot_pause_commit_max_seconds{pool=\"p\"}") > 0, text);
            assertTrue(sample(text, "snaptarget_snapshot_write_pause_max_seconds{pool=\"p\"}")
                    >= sample(text, "snaptarget_snapshot_pause_commit_max_seconds{pool=\"p\"}"), text);
            assertTrue(sample(text, "snaptarget_pool_commits_total{pool=\"p\"}") >= 4, "3 creates and the FUA write");
            var status = runtime.status().pools().get(0);
            assertEquals(3, status.snapshotPauses().pauses());
            assertEquals(3, status.snapshotPauses().commits());
            assertEquals(1, status.snapshotPauses().maxCommitsInOnePause());
            assertTrue(status.snapshotPauses().maxPauseNanos() >= status.snapshotPauses().maxCommitNanos());
            assertTrue(status.commits() >= 4);
        }
    }

    private static double sample(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + series + " in\n" + text));
    }

    /** Every sample belongs to the family declared just before it; histogram buckets never decrease. */
    static void checkWellFormed(String text) {
        Set<String> families = new HashSet<>();
        String family = null;
        String type = null;
        List<Long> buckets = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                family = line.split(" ")[2];
                assertTrue(families.add(family), "family declared twice: " + family);
                assertTrue(family.startsWith("snaptarget_"), family);
                buckets.clear();
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertEquals(family, parts[2], "TYPE follows its HELP");
                type = parts[3];
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "malformed sample: " + line);
            String name = m.group(1);
            if ("histogram".equals(type)) {
                assertTrue(name.equals(family + "_bucket") || name.equals(family + "_sum") || name.equals(family + "_count"),
                        line);
                if (name.endsWith("_bucket")) {
                    long v = Long.parseLong(m.group(3));
                    if (m.group(2).contains("le=\"0.00005\"")) {
                        buckets.clear();
                    }
                    assertTrue(buckets.isEmpty() || buckets.get(buckets.size() - 1) <= v, "buckets decrease: " + line);
                    buckets.add(v);
                }
            } else {
                assertEquals(family, name, "sample outside its family: " + line);
                Double.parseDouble(m.group(3));
            }
        }
    }
}
