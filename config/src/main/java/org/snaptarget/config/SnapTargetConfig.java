package org.snaptarget.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated SnapTarget configuration (DESIGN.md §4): where state lives, where the iSCSI portals
 * and the admin endpoint listen, the pools (origin + exception store) and the targets exporting
 * their origins and snapshots as LUNs.
 *
 * <p>Paths are absolute: a relative {@code dataDir} was resolved against the configuration file's
 * directory, and relative pool paths against {@code dataDir}. Instances come from
 * {@link ConfigLoader}, which guarantees every rule it documents (unique pool names, target names
 * and LUN numbers, resolvable pool references, ...); the constructor only checks for nulls.
 *
 * @param dataDir absolute directory for runtime state (snapshot metadata, LUN identities, the admin token)
 * @param portals iSCSI listening addresses, at least one, no two overlapping
 * @param admin   the admin endpoint
 * @param pools   pools with distinct names
 * @param targets targets with distinct names
 */
public record SnapTargetConfig(Path dataDir, List<HostPort> portals, AdminSpec admin, List<PoolSpec> pools,
                               List<TargetSpec> targets) {

    /** Where {@code dataDir} points when the file does not say, relative to the file's directory. */
    public static final String DEFAULT_DATA_DIR = "snaptarget-data";
    public static final HostPort DEFAULT_PORTAL = new HostPort("0.0.0.0", 3260);

    public SnapTargetConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(admin, "admin");
        portals = List.copyOf(portals);
        pools = List.copyOf(pools);
        targets = List.copyOf(targets);
    }

    public Optional<PoolSpec> pool(String name) {
        return pools.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The target with this name, compared as initiators compare names (RFC 3722). */
    public Optional<TargetSpec> target(Iqn iqn) {
        return targets.stream().filter(t -> t.iqn().canonical().equals(iqn.canonical())).findFirst();
    }

    /**
     * This configuration with one more LUN, as {@code snaptarget lun add} makes at run time. The same
     * rules as in a file apply, except that whether the snapshot exists is the caller's to check.
     *
     * @throws IllegalArgumentException naming the problem: no such target, LUN number out of range
     *                                  or in use, unknown pool, malformed snapshot name
     */
    public SnapTargetConfig withLunAdded(Iqn target, LunSpec lun) {
        TargetSpec t = target(target).orElseThrow(() -> new IllegalArgumentException("no target " + target));
        if (lun.lun() < 0 || lun.lun() > LunSpec.MAX_LUN) {
            throw new IllegalArgumentException("LUN " + lun.lun() + " is out of range 0.." + LunSpec.MAX_LUN);
        }
        if (t.luns().stream().anyMatch(l -> l.lun() == lun.lun())) {
            throw new IllegalArgumentException("target " + t.iqn() + " already has a LUN " + lun.lun());
        }
        if (pool(lun.pool()).isEmpty()) {
            throw new IllegalArgumentException("unknown pool '" + lun.pool() + "'");
        }
        lun.snapshot().flatMap(NameRules::checkName).ifPresent(problem -> {
            throw new IllegalArgumentException("snapshot name " + problem);
        });
        List<LunSpec> luns = new ArrayList<>(t.luns());
        luns.add(lun);
        luns.sort(Comparator.comparingInt(LunSpec::lun));
        return withTarget(new TargetSpec(t.iqn(), t.alias(), t.chap(), t.mutualChap(), t.initiators(), luns));
    }

    /**
     * This configuration without one LUN, as {@code snaptarget lun remove} makes at run time.
     *
     * @throws IllegalArgumentException when there is no such target or LUN
     */
    public SnapTargetConfig withLunRemoved(Iqn target, int lun) {
        TargetSpec t = target(target).orElseThrow(() -> new IllegalArgumentException("no target " + target));
        List<LunSpec> luns = t.luns().stream().filter(l -> l.lun() != lun).toList();
        if (luns.size() == t.luns().size()) {
            throw new IllegalArgumentException("target " + t.iqn() + " has no LUN " + lun);
        }
        return withTarget(new TargetSpec(t.iqn(), t.alias(), t.chap(), t.mutualChap(), t.initiators(), luns));
    }

    private SnapTargetConfig withTarget(TargetSpec changed) {
        List<TargetSpec> updated = targets.stream()
                .map(t -> t.iqn().canonical().equals(changed.iqn().canonical()) ? changed : t)
                .toList();
        return new SnapTargetConfig(dataDir, portals, admin, pools, updated);
    }
}
