package org.snaptarget.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.snaptarget.config.Node.ListNode;
import org.snaptarget.config.Node.MapNode;

/**
 * Binds the top level of the document to a {@link SnapTargetConfig}: {@code dataDir},
 * {@code portals} and {@code admin} here, {@code pools} through {@link PoolBinder} and
 * {@code targets} through {@link TargetBinder} (pools first, whatever their order in the file, so
 * that LUNs can be checked against them).
 *
 * <p>Defaults and rules of this level:
 * <ul>
 *   <li>{@code dataDir} defaults to {@value SnapTargetConfig#DEFAULT_DATA_DIR}; a relative one is
 *       relative to the configuration file's directory, not to the working directory, so that the
 *       same file means the same thing wherever the server is started from. It must exist or be
 *       creatable.</li>
 *   <li>{@code portals} defaults to {@code ["0.0.0.0:3260"]}; it may not be empty, and no two
 *       portals may overlap (same port and same address, or a wildcard address covering the
 *       other).</li>
 *   <li>{@code admin.listen} defaults to {@code 127.0.0.1:3280}; it must be a loopback address,
 *       since the admin endpoint speaks plain HTTP, and may not overlap a portal.</li>
 * </ul>
 */
final class ConfigBinder {

    private final Diagnostics diagnostics;
    private final Path configFile;
    private final Path configDir;
    private final KnownSnapshots known;
    private final PathChecker paths;

    /** @param configFile the absolute, normalised path of the configuration file */
    ConfigBinder(Diagnostics diagnostics, Path configFile, KnownSnapshots known, FileProbe probe) {
        this.diagnostics = diagnostics;
        this.configFile = configFile;
        this.configDir = configFile.getParent();
        this.known = known;
        this.paths = new PathChecker(diagnostics, probe);
    }

    /** The model, or {@code null} when any error was reported (here or before). */
    SnapTargetConfig bind(Node root) {
        MapNode map = Values.map(root, "", diagnostics);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, "", diagnostics, "dataDir", "portals", "admin", "pools", "targets");
        Path dataDir = dataDir(f);
        List<HostPort> portals = portals(f);
        AdminSpec admin = admin(f, portals);
        PoolBinder poolBinder = new PoolBinder(diagnostics, paths, dataDir, configFile);
        List<PoolSpec> pools = section(f, "pools", poolBinder::bind);
        TargetBinder targetBinder = new TargetBinder(diagnostics, Set.copyOf(poolBinder.names()), known);
        List<TargetSpec> targets = section(f, "targets", targetBinder::bind);
        if (diagnostics.hasErrors()) {
            return null;
        }
        return new SnapTargetConfig(dataDir, portals, admin, pools, targets);
    }

    private <T> List<T> section(Fields f, String key, Function<ListNode, List<T>> binder) {
        Node node = f.optional(key);
        ListNode list = node == null ? null : Values.list(node, key, diagnostics);
        return list == null ? List.of() : binder.apply(list);
    }

    /** The absolute data directory, or {@code null} when it is unusable (reported). */
    private Path dataDir(Fields f) {
        Node node = f.optional("dataDir");
        if (node == null && f.has("dataDir")) {
            return null;
        }
        String text = node == null ? SnapTargetConfig.DEFAULT_DATA_DIR : Values.string(node, "dataDir", diagnostics);
        if (text == null) {
            return null;
        }
        Location at = node == null ? f.location() : node.location();
        if (text.isBlank()) {
            diagnostics.error(at, "dataDir: is empty");
            return null;
        }
        Path dir;
        try {
            dir = configDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            diagnostics.error(at, "dataDir: '" + text + "' is not a valid path: " + e.getReason());
            return null;
        }
        int before = diagnostics.count();
        paths.checkDirectory(dir, "dataDir", at);
        return diagnostics.count() == before ? dir : null;
    }

    private List<HostPort> portals(Fields f) {
        Node node = f.optional("portals");
        if (node == null) {
            return List.of(SnapTargetConfig.DEFAULT_PORTAL);
        }
        ListNode list = Values.list(node, "portals", diagnostics);
        if (list == null) {
            return List.of();
        }
        if (list.items().isEmpty()) {
            diagnostics.error(list.location(), "portals: is empty; list at least one address, e.g. 0.0.0.0:3260");
        }
        List<HostPort> portals = new ArrayList<>();
        List<Location> where = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String path = "portals[" + i + "]";
            HostPort portal = Values.parsed(item, path, "an address such as 0.0.0.0:3260", HostPort::parse,
                    diagnostics);
            if (portal == null) {
                continue;
            }
            int clash = firstOverlap(portals, portal);
            if (clash >= 0) {
                HostPort other = portals.get(clash);
                diagnostics.error(item.location(), path + ": " + (other.equals(portal) ? "duplicate portal '"
                        + portal + "'" : "'" + portal + "' overlaps '" + other + "'") + " (first at "
                        + where.get(clash).describe() + ")");
                continue;
            }
            portals.add(portal);
            where.add(item.location());
        }
        return portals;
    }

    private AdminSpec admin(Fields top, List<HostPort> portals) {
        Node node = top.optional("admin");
        if (node == null) {
            return new AdminSpec(AdminSpec.DEFAULT_LISTEN);
        }
        MapNode map = Values.map(node, "admin", diagnostics);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, "admin", diagnostics, "listen");
        Node listenNode = f.optional("listen");
        if (listenNode == null) {
            return f.has("listen") ? null : new AdminSpec(AdminSpec.DEFAULT_LISTEN);
        }
        HostPort listen = Values.parsed(listenNode, "admin.listen", "an address such as 127.0.0.1:3280",
                HostPort::parse, diagnostics);
        if (listen == null) {
            return null;
        }
        if (!listen.isLoopback()) {
            diagnostics.error(listenNode.location(), "admin.listen: '" + listen + "' is not a loopback address;"
                    + " the admin endpoint speaks plain HTTP, so it listens on 127.0.0.1, [::1] or localhost");
            return null;
        }
        int clash = firstOverlap(portals, listen);
        if (clash >= 0) {
            diagnostics.error(listenNode.location(), "admin.listen: '" + listen + "' overlaps the portal '"
                    + portals.get(clash) + "'");
            return null;
        }
        return new AdminSpec(listen);
    }

    private static int firstOverlap(List<HostPort> portals, HostPort candidate) {
        for (int i = 0; i < portals.size(); i++) {
            if (portals.get(i).overlaps(candidate)) {
                return i;
            }
        }
        return -1;
    }
}
