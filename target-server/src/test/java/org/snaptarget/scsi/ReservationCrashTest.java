package org.snaptarget.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.lun.FileBlockDevice;

/**
 * APTPL state survives SIGKILL: a child JVM keeps re-registering with APTPL under increasing keys
 * and is killed at a random moment; on reopen the reservation file parses and holds the last key
 * the child reported as GOOD, or the one it was writing when it died — never anything older, never
 * a torn file. The child may finish more registrations between the report that triggers the kill
 * and the kill itself, so its output is read to the end: the last GOOD is the last one it printed.
 */
class ReservationCrashTest {

    @TempDir
    Path dir;

    @Test
    void persistedRegistrationSurvivesSigkillAtRandomMoments() throws Exception {
        Random random = new Random(42);
        Path file = dir.resolve("lun.img");
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int round = 0; round < 3; round++) {
            int killAfter = 3 + random.nextInt(20);
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ReservationCrashChild.class.getName(), file.toString()).redirectErrorStream(true).start();
            long lastGood = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                boolean killed = false;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("ok ")) {
                        lastGood = Long.parseLong(line.substring(3));
                        if (!killed && lastGood - baseline(round) >= killAfter) {
                            child.toHandle().destroyForcibly();        // SIGKILL, leaving its output readable
                            killed = true;
                        }
                    }
                }
            }
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child ended");
            assertTrue(lastGood > 0, "child made progress");
            try (FileBlockDevice device = new FileBlockDevice(file, 1 << 20)) {
                LogicalUnitTable table = new LogicalUnitTable(Map.of(0L, device), Runnable::run);
                ReservationState s = table.unit(0).reservations().state();
                assertTrue(s.aptpl());
                List<Long> keys = List.copyOf(s.registrations().values());
                assertEquals(1, keys.size());
                long key = keys.get(0);
                assertTrue(key == lastGood || key == lastGood + 1, "key " + key + " after last GOOD " + lastGood);
                baselines[round + 1] = key;
            }
        }
    }

    private final long[] baselines = new long[4];

    private long baseline(int round) {
        return baselines[round];
    }
}
