package org.snaptarget.server.runtime;

import java.util.List;

import org.snaptarget.metrics.IoMetrics;
import org.snaptarget.metrics.IoMetrics.Operation;
import org.snaptarget.metrics.PrometheusText;
import org.snaptarget.metrics.PrometheusText.Type;
import org.snaptarget.metrics.SnapshotPauses;
import org.snaptarget.store.PoolStats;

/**
 * Renders every metric of the running server as Prometheus text (version 0.0.4), names prefixed
 * {@code snaptarget_}:
 * <ul>
 *   <li>per LUN ({@code target}, {@code lun}, {@code pool}, {@code snapshot} — empty for the origin —
 *       and {@code op} = read|write|unmap|flush): {@code _lun_operations_total},
 *       {@code _lun_errors_total}, {@code _lun_bytes_total}, and the histogram
 *       {@code _lun_latency_seconds};</li>
 *   <li>per pool: store size, used and free bytes, soft threshold (percent and reached 0/1),
 *       snapshots, exception entries, sweep backlog, read-only; store commits and the last
 *       commit's duration;</li>
 *   <li>per pool, what snapshot creates cost its writers ({@link SnapshotPauses}): the histogram
 *       {@code _snapshot_write_pause_seconds} (from asking for the pool's barrier to releasing
 *       it), the commits completed inside pauses ({@code _snapshot_pause_commits_total}, equal to
 *       the histogram's count when every pause held exactly its own commit), the most in one pause,
 *       the longest pause and the longest commit inside one;</li>
 *   <li>{@code _sessions}: logged-in normal sessions.</li>
 * </ul>
 */
final class MetricsExposition {

    private MetricsExposition() {
    }

    static String render(List<PoolRuntime> pools, List<Export> exports, int sessions) {
        PrometheusText out = new PrometheusText();
        lunCounter(out, exports, "snaptarget_lun_operations_total", "Medium operations completed, by LUN and kind.",
                IoMetrics.Counters::operations);
        lunCounter(out, exports, "snaptarget_lun_errors_total", "Medium operations that failed, by LUN and kind.",
                IoMetrics.Counters::errors);
        lunCounter(out, exports, "snaptarget_lun_bytes_total", "Bytes read, written or unmapped, by LUN and kind.",
                IoMetrics.Counters::bytes);
        out.family("snaptarget_lun_latency_seconds", Type.HISTOGRAM, "Latency of medium operations, by LUN and kind.");
        for (Export e : exports) {
            for (Operation op : Operation.values()) {
                out.histogram(e.metered().metrics().of(op).latency().snapshot(), labels(e, op));
            }
        }

        List<PoolStats> stats = pools.stream().map(PoolRuntime::stats).toList();
        poolGauge(out, pools, "snaptarget_pool_store_bytes", "Capacity of the pool's exception store.",
                stats, s -> s.storeBlocks() * s.chunkSize());
        poolGauge(out, pools, "snaptarget_pool_used_bytes", "Store bytes holding data chunks or metadata.",
                stats, s -> s.blocksUsed() * s.chunkSize());
        poolGauge(out, pools, "snaptarget_pool_free_bytes", "Store bytes available for new chunks.",
                stats, s -> s.blocksFree() * s.chunkSize());
        poolGauge(out, pools, "snaptarget_pool_snapshots", "Live snapshots in the pool.", stats, PoolStats::snapshots);
        poolGauge(out, pools, "snaptarget_pool_exception_entries", "Entries in the pool's exception tree.",
                stats, PoolStats::exceptionEntries);
        poolGauge(out, pools, "snaptarget_pool_sweep_backlog_bytes",
                "Bytes deleted snapshots hold until the background sweep frees them.", stats,
                PoolStats::bytesPendingReclaim);
        out.family("snaptarget_pool_soft_threshold_percent", Type.GAUGE, "The pool's store.warnAt.");
        pools.forEach(p -> out.sample(p.warnAtPercent(), "pool", p.name()));
        out.family("snaptarget_pool_soft_threshold_reached", Type.GAUGE,
                "1 once store usage passed store.warnAt (hosts got 06h/38h/07h), else 0.");
        pools.forEach(p -> out.sample(p.softThresholdReached() ? 1 : 0, "pool", p.name()));
        out.family("snaptarget_pool_read_only", Type.GAUGE, "1 when the pool turned read-only after corruption.");
        pools.forEach(p -> out.sample(p.pool().isReadOnly() ? 1 : 0, "pool", p.name()));

        out.family("snaptarget_pool_commits_total", Type.COUNTER, "Store commits made durable since the pool was opened.");
        pools.forEach(p -> out.sample(p.pool().commitCount(), "pool", p.name()));
        out.family("snaptarget_pool_last_commit_seconds", Type.GAUGE, "Duration of the pool's most recent store commit.");
        pools.forEach(p -> out.sample(p.pool().lastCommitDuration().toNanos() / 1e9, "pool", p.name()));
        snapshotPauses(out, pools);

        out.family("snaptarget_sessions", Type.GAUGE, "Logged-in iSCSI normal sessions.");
        out.sample(sessions);
        return out.toString();
    }

    private static void snapshotPauses(PrometheusText out, List<PoolRuntime> pools) {
        List<SnapshotPauses.Summary> pauses = pools.stream().map(p -> p.barrier().pauses().summary()).toList();
        out.family("snaptarget_snapshot_write_pause_seconds", Type.HISTOGRAM,
                "How long each snapshot create held the pool's writes back, waiting for writes in flight included.");
        for (int i = 0; i < pools.size(); i++) {
            out.histogram(pauses.get(i).pauseHistogram(), "pool", pools.get(i).name());
        }
        out.family("snaptarget_snapshot_pause_commits_total", Type.COUNTER,
                "Store commits completed while a snapshot create held the pool's writes back (one per create is the bound).");
        for (int i = 0; i < pools.size(); i++) {
            out.sample(pauses.get(i).commits(), "pool", pools.get(i).name());
        }
        out.family("snaptarget_snapshot_pause_commits_max", Type.GAUGE,
                "The most store commits any single snapshot pause held.");
        for (int i = 0; i < pools.size(); i++) {
            out.sample(pauses.get(i).maxCommitsInOnePause(), "pool", pools.get(i).name());
        }
        out.family("snaptarget_snapshot_write_pause_max_seconds", Type.GAUGE, "The longest snapshot pause.");
        for (int i = 0; i < pools.size(); i++) {
            out.sample(pauses.get(i).maxPauseNanos() / 1e9, "pool", pools.get(i).name());
        }
        out.family("snaptarget_snapshot_pause_commit_max_seconds", Type.GAUGE,
                "The longest store commit that completed inside a snapshot pause.");
        for (int i = 0; i < pools.size(); i++) {
            out.sample(pauses.get(i).maxCommitNanos() / 1e9, "pool", pools.get(i).name());
        }
    }

    private static void lunCounter(PrometheusText out, List<Export> exports, String name, String help,
                                   java.util.function.ToLongFunction<IoMetrics.Counters> value) {
        out.family(name, Type.COUNTER, help);
        for (Export e : exports) {
            for (Operation op : Operation.values()) {
                out.sample(value.applyAsLong(e.metered().metrics().of(op)), labels(e, op));
            }
        }
    }

    private static void poolGauge(PrometheusText out, List<PoolRuntime> pools, String name, String help,
                                  List<PoolStats> stats, java.util.function.ToLongFunction<PoolStats> value) {
        out.family(name, Type.GAUGE, help);
        for (int i = 0; i < pools.size(); i++) {
            out.sample(value.applyAsLong(stats.get(i)), "pool", pools.get(i).name());
        }
    }

    private static String[] labels(Export e, Operation op) {
        return new String[] {"target", e.target(), "lun", Integer.toString(e.lun()), "pool", e.pool(),
                "snapshot", e.snapshot() == null ? "" : e.snapshot(), "op", op.label()};
    }
}
