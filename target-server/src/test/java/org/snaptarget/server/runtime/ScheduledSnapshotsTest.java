package org.snaptarget.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.admin.SnapshotView;
import org.snaptarget.config.ScheduleSpec;
import org.snaptarget.config.SnapTargetConfig;

/** Schedules through the real runtime and store: flags, retention, manual snapshots, restart. */
class ScheduledSnapshotsTest {

    @TempDir
    Path dir;

    @Test
    void scheduledSnapshotsAreRecordedPrunedAndRememberedAcrossARestart() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        SnapTargetConfig config = TestConfigs.config(dir, TestConfigs.pool(dir, "p", 4L << 20, 8L << 20, 65536, 80,
                List.of(new ScheduleSpec(org.snaptarget.config.Duration.ofMinutes(1), 2, "auto"))),
                List.of(TestConfigs.origin(0)));
        try (ServerRuntime runtime = ServerRuntime.start(config, null, clock)) {
            runtime.createSnapshot("p", "by-hand", null, false);
            for (int i = 0; i < 4; i++) {
                runtime.scheduler().runDue();
                clock.advance(Duration.ofMinutes(1));
            }
            assertEquals(List.of("auto-20261125-100200:true", "auto-20261125-100300:true", "by-hand:false"),
                    describe(runtime.listSnapshots("p")));
        }
        try (ServerRuntime runtime = ServerRuntime.start(config, null, clock)) {
            assertEquals(List.of("auto-20261125-100200:true", "auto-20261125-100300:true", "by-hand:false"),
                    describe(runtime.listSnapshots("p")));
            runtime.deleteSnapshot("p", "auto-20261125-100200");
            runtime.scheduler().runDue();
            assertEquals(List.of("auto-20261125-100300:true", "auto-20261125-100400:true", "by-hand:false"),
                    describe(runtime.listSnapshots("p")));
        }
    }

    static List<String> describe(List<SnapshotView> views) {
        return views.stream().map(v -> v.name() + ":" + v.scheduled()).sorted().toList();
    }
}
