package org.snaptarget.server.runtime;

import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.snaptarget.config.LunSpec;
import org.snaptarget.config.TargetSpec;
import org.snaptarget.scsi.LogicalUnitTable;

/**
 * One target in the running server: its configuration, the SCSI device (LU table) the iSCSI
 * layer serves, and the exports behind its LUN numbers. The export map is concurrent; changes to
 * it are made by {@link ServerRuntime} under its admin lock, together with the LU table.
 */
final class TargetRuntime {

    private final TargetSpec spec;
    private final LogicalUnitTable table;
    private final NavigableMap<Integer, Export> exports = new ConcurrentSkipListMap<>();

    TargetRuntime(TargetSpec spec, LogicalUnitTable table) {
        this.spec = spec;
        this.table = table;
    }

    TargetSpec spec() {
        return spec;
    }

    String name() {
        return spec.iqn().value();
    }

    LogicalUnitTable table() {
        return table;
    }

    Export export(int lun) {
        return exports.get(lun);
    }

    List<Export> exports() {
        return List.copyOf(exports.values());
    }

    void put(Export export) {
        exports.put(export.lun(), export);
    }

    Export remove(int lun) {
        return exports.remove(lun);
    }

    /** The configuration file's LUN of this number, or {@code null}. */
    LunSpec fromConfig(int lun) {
        return spec.luns().stream().filter(l -> l.lun() == lun).findFirst().orElse(null);
    }
}
