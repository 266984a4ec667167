package org.snaptarget.cli;

import org.snaptarget.admin.LunView;
import org.snaptarget.admin.StatusView;
import org.snaptarget.admin.StatusView.PoolView;
import org.snaptarget.admin.StatusView.SessionView;
import org.snaptarget.cli.TextTable.Align;

import java.util.Locale;

/**
 * What {@code snaptarget status} prints: three sections — pools (usage against the store size,
 * the soft threshold, snapshot count, sweep backlog, the longest write pause a snapshot create
 * caused, and state), LUNs (what each exports and its
 * identity), sessions (who is logged in where) — each a {@link TextTable}, or {@code (none)}.
 */
final class StatusReport {

    private StatusReport() {
    }

    static String render(StatusView status) {
        StringBuilder out = new StringBuilder();
        TextTable pools = new TextTable("POOL", Align.LEFT, "ORIGIN", Align.RIGHT, "STORE", Align.RIGHT,
                "USED", Align.RIGHT, "FREE", Align.RIGHT, "USE", Align.RIGHT, "WARN AT", Align.RIGHT,
                "SNAPSHOTS", Align.RIGHT, "SWEEP BACKLOG", Align.RIGHT, "LONGEST PAUSE", Align.RIGHT,
                "STATE", Align.LEFT);
        for (PoolView p : status.pools()) {
            pools.row(p.name(), HumanBytes.format(p.originBytes()), HumanBytes.format(p.storeBytes()),
                    HumanBytes.format(p.usedBytes()), HumanBytes.format(p.freeBytes()), percent(p.usedBytes(),
                            p.storeBytes()), p.warnAtPercent() + "%", String.valueOf(p.snapshots()),
                    HumanBytes.format(p.sweepBacklogBytes()), longestPause(p), state(p));
        }
        section(out, "Pools", pools);
        TextTable luns = new TextTable("TARGET", Align.LEFT, "LUN", Align.RIGHT, "POOL", Align.LEFT,
                "EXPORTS", Align.LEFT, "MODE", Align.LEFT, "NAA", Align.LEFT, "SERIAL", Align.LEFT);
        for (LunView l : status.luns()) {
            luns.row(l.target(), String.valueOf(l.lun()), l.pool(), l.snapshot() == null ? "origin" : l.snapshot(),
                    l.readOnly() ? "ro" : "rw", l.naa(), l.serial());
        }
        section(out, "LUNs", luns);
        TextTable sessions = new TextTable("INITIATOR", Align.LEFT, "ISID", Align.LEFT, "TARGET", Align.LEFT,
                "ADDRESS", Align.LEFT, "TSIH", Align.RIGHT, "TYPE", Align.LEFT);
        for (SessionView s : status.sessions()) {
            sessions.row(s.initiator(), s.isid(), s.target() == null || s.target().isEmpty() ? "-" : s.target(),
                    s.remoteAddress(), String.valueOf(s.tsih()), s.type());
        }
        section(out, "Sessions", sessions);
        return out.toString();
    }

    private static void section(StringBuilder out, String title, TextTable table) {
        if (!out.isEmpty()) {
            out.append('\n');
        }
        out.append(title).append('\n');
        out.append(table.isEmpty() ? "(none)\n" : table.render());
    }

    /**
     * The longest time a snapshot create held the pool's writers, and the most store commits one
     * create held them for (1, its own, is the bound); "-" before the first create.
     */
    private static String longestPause(PoolView p) {
        StatusView.PauseView pauses = p.snapshotPauses();
        if (pauses == null || pauses.pauses() == 0) {
            return "-";
        }
        long commits = pauses.maxCommitsInOnePause();
        return String.format(Locale.ROOT, "%.1f ms, %d commit%s", pauses.maxPauseNanos() / 1e6, commits,
                commits == 1 ? "" : "s");
    }

    private static String state(PoolView p) {
        if (p.readOnly()) {
            return "read-only (damaged; run fsck)";
        }
        return p.softThresholdReached() ? "past warnAt" : "ok";
    }

    private static String percent(long part, long whole) {
        return whole <= 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }
}
