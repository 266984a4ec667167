package org.snaptarget.server.runtime;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snaptarget.admin.SnapshotView;
import org.snaptarget.config.PoolSpec;
import org.snaptarget.config.ScheduleSpec;

/**
 * Takes snapshots on the pools' schedules (issue 5): every {@code every}, a read-only snapshot of
 * the origin named {@code <prefix>-<yyyyMMdd-HHmmss>} (UTC), then deletes the oldest snapshots
 * <em>of that schedule</em> beyond {@code keep}. A schedule's snapshots are those the runtime
 * recorded as scheduled whose name is the prefix, a dash and a timestamp; snapshots made by hand
 * are never scheduled, so never touched, whatever their name. A snapshot to be pruned that is
 * exported as a LUN is skipped and logged (deleting it would be refused anyway).
 *
 * <p>Timing: a schedule with no snapshot yet is due at once; otherwise at its newest snapshot's
 * creation time plus {@code every}, so a restart neither resets nor doubles the rhythm. After a
 * run (successful or not) the next is {@code every} later. Scheduled snapshots are read-only:
 * they are recovery points; a writable copy is a snapshot of one.
 *
 * <p>Failures (store full, I/O errors) are logged and never stop the scheduler or the server.
 * {@link #runDue()} does one pass at the injected clock's time, which is what tests drive;
 * {@link #start()} runs passes on a virtual thread until {@link #close()}.
 */
final class SnapshotScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotScheduler.class);
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final long MAX_SLEEP_MILLIS = 1_000;

    /** What the scheduler asks of the runtime. */
    interface Actions {
        /** Takes a read-only snapshot of the origin and records it as scheduled. */
        void takeScheduled(String pool, String name);

        List<SnapshotView> list(String pool);

        /** Deletes a scheduled snapshot; throws when it is exported. */
        void deleteScheduled(String pool, String name);
    }

    private record Key(String pool, String prefix) {
    }

    private final List<PoolSpec> pools;
    private final Clock clock;
    private final Actions actions;
    /** Guarded by {@code this}: when each schedule is next due. */
    private final Map<Key, Instant> nextDue = new HashMap<>();
    private volatile boolean stopped;
    private volatile Thread thread;

    SnapshotScheduler(List<PoolSpec> pools, Clock clock, Actions actions) {
        this.pools = List.copyOf(pools);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.actions = Objects.requireNonNull(actions, "actions");
    }

    /** Whether any pool has a schedule. */
    boolean hasSchedules() {
        return pools.stream().anyMatch(p -> !p.schedules().isEmpty());
    }

    /** Starts the background thread (a virtual thread), if there is any schedule. */
    synchronized void start() {
        if (!hasSchedules() || thread != null) {
            return;
        }
        thread = Thread.ofVirtual().name("snapshot-scheduler").start(this::loop);
    }

    private void loop() {
        while (!stopped) {
            try {
                runDue();
                Thread.sleep(MAX_SLEEP_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("snapshot scheduler pass failed", e);
            }
        }
    }

    /** Runs every schedule that is due at the clock's current time. */
    synchronized void runDue() {
        Instant now = clock.instant();
        for (PoolSpec pool : pools) {
            for (ScheduleSpec schedule : pool.schedules()) {
                Key key = new Key(pool.name(), schedule.prefix());
                Instant due = nextDue.computeIfAbsent(key, k -> firstDue(pool.name(), schedule));
                if (!now.isBefore(due)) {
                    run(pool.name(), schedule, now);
                    nextDue.put(key, now.plus(schedule.every().toJava()));
                }
            }
        }
    }

    private Instant firstDue(String pool, ScheduleSpec schedule) {
        try {
            return ofSchedule(pool, schedule).stream().map(SnapshotView::created).max(Comparator.naturalOrder())
                    .map(t -> t.plus(schedule.every().toJava())).orElse(Instant.MIN);
        } catch (RuntimeException e) {
            log.warn("pool {}: schedule {}: cannot list snapshots: {}", pool, schedule.prefix(), e.getMessage());
            return Instant.MIN;
        }
    }

    private void run(String pool, ScheduleSpec schedule, Instant now) {
        String name = schedule.prefix() + "-" + STAMP.format(now);
        try {
            actions.takeScheduled(pool, name);
            log.info("pool {}: scheduled snapshot {} taken", pool, name);
        } catch (RuntimeException e) {
            log.error("pool {}: scheduled snapshot {} failed: {}", pool, name, e.getMessage());
        }
        try {
            prune(pool, schedule);
        } catch (RuntimeException e) {
            log.error("pool {}: retention of schedule {} failed: {}", pool, schedule.prefix(), e.getMessage());
        }
    }

    /** Deletes the oldest of the schedule's snapshots beyond {@code keep}, skipping exported ones. */
    private void prune(String pool, ScheduleSpec schedule) {
        List<SnapshotView> mine = new ArrayList<>(ofSchedule(pool, schedule));
        mine.sort(Comparator.comparing(SnapshotView::created).thenComparing(SnapshotView::name));
        int excess = mine.size() - schedule.keep();
        for (int i = 0; i < excess; i++) {
            SnapshotView victim = mine.get(i);
            if (!victim.exportedAs().isEmpty()) {
                log.warn("pool {}: schedule {} keeps {} beyond its retention: exported as {}", pool,
                        schedule.prefix(), victim.name(), String.join(", ", victim.exportedAs()));
                continue;
            }
            try {
                actions.deleteScheduled(pool, victim.name());
                log.info("pool {}: schedule {} deleted {} (keep {})", pool, schedule.prefix(), victim.name(),
                        schedule.keep());
            } catch (RuntimeException e) {
                log.error("pool {}: schedule {} could not delete {}: {}", pool, schedule.prefix(), victim.name(),
                        e.getMessage());
            }
        }
    }

    private List<SnapshotView> ofSchedule(String pool, ScheduleSpec schedule) {
        Pattern own = Pattern.compile(Pattern.quote(schedule.prefix()) + "-[0-9]{8}-[0-9]{6}");
        return actions.list(pool).stream().filter(v -> v.scheduled() && own.matcher(v.name()).matches()).toList();
    }

    @Override
    public void close() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
