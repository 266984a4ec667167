package org.snaptarget.config;

import java.nio.file.Path;
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
}
