package org.snaptarget.cli;

import org.snaptarget.admin.SnapshotView;
import org.snaptarget.cli.TextTable.Align;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The table {@code snaptarget snapshot list POOL} prints: per snapshot its name, parent
 * ({@code origin} for a snapshot of the origin), creation time (UTC, to the second), whether it is
 * read-only, how it was taken (by hand or by a schedule), the LUNs exporting it as
 * {@code TARGET/LUN} ({@code -} for none) and its exclusive space in binary units.
 */
final class SnapshotListing {

    static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private SnapshotListing() {
    }

    static String render(String pool, List<SnapshotView> snapshots) {
        if (snapshots.isEmpty()) {
            return "pool " + pool + " has no snapshots\n";
        }
        TextTable table = new TextTable("NAME", Align.LEFT, "PARENT", Align.LEFT, "CREATED", Align.LEFT,
                "READ-ONLY", Align.LEFT, "TAKEN", Align.LEFT, "EXPORTED AS", Align.LEFT, "EXCLUSIVE", Align.RIGHT);
        for (SnapshotView s : snapshots) {
            table.row(s.name(),
                    s.parent() == null ? "origin" : s.parent(),
                    created(s.created()),
                    s.readOnly() ? "yes" : "no",
                    s.scheduled() ? "schedule" : "manual",
                    s.exportedAs() == null || s.exportedAs().isEmpty() ? "-" : String.join(",", s.exportedAs()),
                    HumanBytes.format(s.exclusiveBytes()));
        }
        return table.render();
    }

    private static String created(Instant created) {
        return created == null ? "-" : CREATED.format(created);
    }
}
