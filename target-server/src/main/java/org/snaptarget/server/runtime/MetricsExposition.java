package org.snaptarget.server.runtime;

import java.util.List;

import org.snaptarget.metrics.IoMetrics;
import org.snaptarget.metrics.IoMetrics.Operation;
import org.snaptarget.metrics.PrometheusText;
import org.snaptarget.metrics.PrometheusText.Type;
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
 *       snapshots, exception entries, sweep backlog, read-only;</li>
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

        out.family("snaptarget_sessions", Type.GAUGE, "Logged-in iSCSI normal sessions.");
        out.sample(sessions);
        return out.toString();
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
