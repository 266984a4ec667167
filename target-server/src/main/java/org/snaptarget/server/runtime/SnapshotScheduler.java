package org.snaptarget.server.runtime;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
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
 * <p>Timing: a schedule with no snapshot yet is due at once; otherwise at the time in its newest
 * snapshot's name plus {@code every}, so a restart neither resets nor doubles the rhythm. After a
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
            return ofSchedule(pool, schedule).stream().map(Taken::at).max(Comparator.naturalOrder())
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
        List<Taken> mine = new ArrayList<>(ofSchedule(pool, schedule));
        mine.sort(Comparator.comparing(Taken::at).thenComparing(t -> t.view().name()));
        int excess = mine.size() - schedule.keep();
        for (int i = 0; i < excess; i++) {
            SnapshotView victim = mine.get(i).view();
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

    /** A snapshot of one schedule and the scheduler time its name records. */
    private record Taken(SnapshotView view, Instant at) {
    }

    /**
     * The schedule's live snapshots, each with the time in its name: the scheduler's own clock, which
     * orders them and sets the rhythm (the store's creation stamp is another clock).
     */
    private List<Taken> ofSchedule(String pool, ScheduleSpec schedule) {
        Pattern own = Pattern.compile(Pattern.quote(schedule.prefix()) + "-([0-9]{8}-[0-9]{6})");
        List<Taken> out = new ArrayList<>();
        for (SnapshotView v : actions.list(pool)) {
            Matcher m = own.matcher(v.name());
            if (v.scheduled() && m.matches()) {
                try {
                    out.add(new Taken(v, Instant.from(STAMP.parse(m.group(1)))));
                } catch (DateTimeException e) {
                    log.warn("pool {}: scheduled snapshot {} has no valid time in its name; retention ignores it",
                            pool, v.name());
                }
            }
        }
        return out;
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
