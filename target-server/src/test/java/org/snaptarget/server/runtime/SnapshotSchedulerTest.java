package org.snaptarget.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snaptarget.admin.AdminException;
import org.snaptarget.admin.SnapshotView;
import org.snaptarget.config.PoolSpec;
import org.snaptarget.config.ScheduleSpec;

/** The scheduler against an in-memory pool and a clock moved by hand. */
class SnapshotSchedulerTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final FakePool pool = new FakePool();

    /** Snapshots by name, in creation order; exported ones refuse deletion as the runtime does. */
    final class FakePool implements SnapshotScheduler.Actions {
        final Map<String, SnapshotView> snapshots = new LinkedHashMap<>();
        final List<String> deleted = new ArrayList<>();
        int failNextTakes;

        void manual(String name) {
            snapshots.put(name, view(name, false, List.of()));
        }

        void export(String name) {
            SnapshotView v = snapshots.get(name);
            snapshots.put(name, new SnapshotView("p", name, "1", null, v.created(), true, 0, v.scheduled(),
                    List.of("iqn.2026-11.x:t/1")));
        }

        SnapshotView view(String name, boolean scheduled, List<String> exported) {
            return new SnapshotView("p", name, "1", null, clock.instant(), true, 0, scheduled, exported);
        }

        @Override
        public void takeScheduled(String p, String name) {
            if (failNextTakes > 0) {
                failNextTakes--;
                throw new AdminException(AdminException.Kind.CONFLICT, "store full");
            }
            if (snapshots.containsKey(name)) {
                throw new AdminException(AdminException.Kind.CONFLICT, "exists: " + name);
            }
            snapshots.put(name, view(name, true, List.of()));
        }

        @Override
        public List<SnapshotView> list(String p) {
            return List.copyOf(snapshots.values());
        }

        @Override
        public void deleteScheduled(String p, String name) {
            if (!snapshots.get(name).exportedAs().isEmpty()) {
                throw new AdminException(AdminException.Kind.CONFLICT, "exported");
            }
            snapshots.remove(name);
            deleted.add(name);
        }

        List<String> names() {
            return List.copyOf(snapshots.keySet());
        }
    }

    SnapshotScheduler scheduler(ScheduleSpec... schedules) {
        PoolSpec spec = TestConfigs.pool(Path.of("/unused"), "p", 4L << 20, 8L << 20, 65536, 80, List.of(schedules));
        return new SnapshotScheduler(List.of(spec), clock, pool);
    }

    static ScheduleSpec every(long minutes, int keep, String prefix) {
        return new ScheduleSpec(org.snaptarget.config.Duration.ofMinutes(minutes), keep, prefix);
    }

    @Test
    void aNewScheduleTakesItsFirstSnapshotAtOnceNamedWithPrefixAndUtcTime() {
        scheduler(every(15, 4, "auto")).runDue();
        assertEquals(List.of("auto-20261125-100000"), pool.names());
    }

    @Test
    void theNextSnapshotComesEveryIntervalAndNotBefore() {
        SnapshotScheduler s = scheduler(every(15, 10, "auto"));
        s.runDue();
        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        s.runDue();
        assertEquals(1, pool.names().size(), "not due yet");
        clock.advance(Duration.ofSeconds(1));
        s.runDue();
        assertEquals(List.of("auto-20261125-100000", "auto-20261125-101500"), pool.names());
    }

    @Test
    void retentionDeletesTheOldestScheduledBeyondKeepAndNeverManualOnes() {
        pool.manual("auto-20200101-000000");
        pool.manual("mine");
        SnapshotScheduler s = scheduler(every(1, 2, "auto"));
        for (int i = 0; i < 5; i++) {
            s.runDue();
            clock.advance(Duration.ofMinutes(1));
        }
        assertEquals(List.of("auto-20200101-000000", "mine", "auto-20261125-100300", "auto-20261125-100400"),
                pool.names());
        assertEquals(List.of("auto-20261125-100000", "auto-20261125-100100", "auto-20261125-100200"), pool.deleted);
    }

    @Test
    void anExportedScheduledSnapshotIsSkippedByRetention() {
        SnapshotScheduler s = scheduler(every(1, 1, "auto"));
        s.runDue();
        pool.export("auto-20261125-100000");
        clock.advance(Duration.ofMinutes(1));
        s.runDue();
        clock.advance(Duration.ofMinutes(1));
        s.runDue();
        assertEquals(List.of("auto-20261125-100000", "auto-20261125-100200"), pool.names());
        assertEquals(List.of("auto-20261125-100100"), pool.deleted);
    }

    @Test
    void schedulesOfOnePoolKeepToTheirOwnPrefix() {
        SnapshotScheduler s = scheduler(every(1, 1, "fast"), every(2, 1, "slow"));
        for (int i = 0; i < 4; i++) {
            s.runDue();
            clock.advance(Duration.ofMinutes(1));
        }
        assertEquals(List.of("slow-20261125-100200", "fast-20261125-100300"), pool.names());
    }

    @Test
    void aFailedSnapshotIsLoggedAndTheScheduleGoesOn() {
        pool.failNextTakes = 1;
        SnapshotScheduler s = scheduler(every(1, 5, "auto"));
        s.runDue();
        assertTrue(pool.names().isEmpty());
        clock.advance(Duration.ofMinutes(1));
        s.runDue();
        assertEquals(List.of("auto-20261125-100100"), pool.names());
    }

    @Test
    void aRestartKeepsTheRhythmOfTheNewestScheduledSnapshot() {
        scheduler(every(10, 5, "auto")).runDue();
        clock.advance(Duration.ofMinutes(4));
        SnapshotScheduler restarted = scheduler(every(10, 5, "auto"));
        restarted.runDue();
        assertEquals(1, pool.names().size(), "due 10 minutes after the last one, not at restart");
        clock.advance(Duration.ofMinutes(6));
        restarted.runDue();
        assertEquals(List.of("auto-20261125-100000", "auto-20261125-101000"), pool.names());
    }
}
