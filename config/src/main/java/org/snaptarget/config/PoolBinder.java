package org.snaptarget.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snaptarget.config.Node.ListNode;
import org.snaptarget.config.Node.MapNode;

/**
 * Binds the {@code pools} list to {@link PoolSpec}s and checks each pool on its own and against the
 * others:
 * <ul>
 *   <li>{@code name} required, {@link NameRules} spelling, unique;</li>
 *   <li>{@code origin.path} and {@code store.path} usable ({@link PathChecker}), relative ones under
 *       {@code dataDir}, and no device used twice, within a pool or across pools — two pools on one
 *       store would overwrite each other's metadata — nor the configuration file as a device;</li>
 *   <li>{@code origin.size} at least {@link OriginSpec#MIN_SIZE} and a multiple of
 *       {@link OriginSpec#SECTOR}; {@code store.size} at least {@link StoreSpec#minimumFor};</li>
 *   <li>{@code store.warnAt} 1..99 % (default 80 %); {@code chunkSize} a power of two in 4KiB..1MiB
 *       (default 64KiB);</li>
 *   <li>each schedule: {@code every} at least 1m, {@code keep} 1..{@value #MAX_KEEP}, a well-formed
 *       {@code prefix} unique within the pool.</li>
 * </ul>
 * The names of all pools, including pools with errors, are kept so that LUNs referring to a broken
 * pool are not reported a second time as referring to an unknown one.
 */
final class PoolBinder {

    static final int MAX_KEEP = 100_000;

    private record Use(String path, Location at) {
    }

    private final Diagnostics diagnostics;
    private final PathChecker paths;
    private final Path dataDir;
    private final Map<String, Location> names = new LinkedHashMap<>();
    private final Set<String> seen = new LinkedHashSet<>();
    private final Map<Path, Use> devices = new HashMap<>();

    /**
     * @param dataDir    the directory relative pool paths resolve against, or {@code null} when it is unusable
     * @param configFile the configuration file, which no pool may use as a device
     */
    PoolBinder(Diagnostics diagnostics, PathChecker paths, Path dataDir, Path configFile) {
        this.diagnostics = diagnostics;
        this.paths = paths;
        this.dataDir = dataDir;
        devices.put(identity(configFile), new Use("the configuration file", Location.START));
    }

    /** Every name a pool was given, well formed or not, in file order. */
    Set<String> names() {
        return seen;
    }

    List<PoolSpec> bind(ListNode list) {
        List<PoolSpec> pools = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            PoolSpec pool = bindPool(list.items().get(i), "pools[" + i + "]");
            if (pool != null) {
                pools.add(pool);
            }
        }
        return pools;
    }

    private PoolSpec bindPool(Node node, String path) {
        MapNode map = Values.map(node, path, diagnostics);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, path, diagnostics, "name", "origin", "store", "chunkSize", "schedules");
        String name = name(f);
        Size chunkSize = chunkSize(f);
        OriginSpec origin = origin(f);
        StoreSpec store = store(f, chunkSize);
        List<ScheduleSpec> schedules = schedules(f);
        if (name == null || chunkSize == null || origin == null || store == null || schedules == null) {
            return null;
        }
        return new PoolSpec(name, origin, store, chunkSize, schedules);
    }

    private String name(Fields f) {
        Node node = f.required("name");
        String name = node == null ? null : Values.string(node, f.path("name"), diagnostics);
        if (name == null) {
            return null;
        }
        seen.add(name);
        var problem = NameRules.checkName(name);
        if (problem.isPresent()) {
            diagnostics.error(node.location(), f.path("name") + ": " + problem.get());
            return null;
        }
        Location first = names.putIfAbsent(name, node.location());
        if (first != null) {
            diagnostics.error(node.location(), f.path("name") + ": duplicate pool name '" + name + "' (first at "
                    + first.describe() + ")");
            return null;
        }
        return name;
    }

    private Size chunkSize(Fields f) {
        Node node = f.optional("chunkSize");
        if (node == null) {
            return f.has("chunkSize") ? null : PoolSpec.DEFAULT_CHUNK_SIZE;
        }
        Size size = Values.parsed(node, f.path("chunkSize"), "a size such as 64KiB", Size::parse, diagnostics);
        if (size == null) {
            return null;
        }
        long b = size.bytes();
        if (Long.bitCount(b) != 1 || size.compareTo(PoolSpec.MIN_CHUNK_SIZE) < 0
                || size.compareTo(PoolSpec.MAX_CHUNK_SIZE) > 0) {
            diagnostics.error(node.location(), f.path("chunkSize") + ": " + size + " is not a power of two from "
                    + PoolSpec.MIN_CHUNK_SIZE + " to " + PoolSpec.MAX_CHUNK_SIZE);
            return null;
        }
        return size;
    }

    private OriginSpec origin(Fields pool) {
        Node node = pool.required("origin");
        MapNode map = node == null ? null : Values.map(node, pool.path("origin"), diagnostics);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, pool.path("origin"), diagnostics, "path", "size");
        Path path = device(f);
        Size size = size(f);
        if (size != null && size.compareTo(OriginSpec.MIN_SIZE) < 0) {
            diagnostics.error(f.locationOf("size"), f.path("size") + ": " + size + " is too small; an origin is at"
                    + " least " + OriginSpec.MIN_SIZE);
            return null;
        }
        if (size != null && size.bytes() % OriginSpec.SECTOR != 0) {
            diagnostics.error(f.locationOf("size"), f.path("size") + ": " + size + " is not a multiple of "
                    + OriginSpec.SECTOR + " bytes (the logical block size)");
            return null;
        }
        return path == null || size == null ? null : new OriginSpec(path, size);
    }

    private StoreSpec store(Fields pool, Size chunkSize) {
        Node node = pool.required("store");
        MapNode map = node == null ? null : Values.map(node, pool.path("store"), diagnostics);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, pool.path("store"), diagnostics, "path", "size", "warnAt");
        Path path = device(f);
        Size size = size(f);
        if (size != null && chunkSize != null && size.compareTo(StoreSpec.minimumFor(chunkSize)) < 0) {
            diagnostics.error(f.locationOf("size"), f.path("size") + ": " + size + " is too small; with "
                    + chunkSize + " chunks a store is at least " + StoreSpec.minimumFor(chunkSize));
            return null;
        }
        Percent warnAt = warnAt(f);
        return path == null || size == null || warnAt == null ? null : new StoreSpec(path, size, warnAt);
    }

    private Percent warnAt(Fields f) {
        Node node = f.optional("warnAt");
        if (node == null) {
            return f.has("warnAt") ? null : StoreSpec.DEFAULT_WARN_AT;
        }
        Percent p = Values.parsed(node, f.path("warnAt"), "a percentage such as 80%", Percent::parse, diagnostics);
        if (p != null && (p.value() < 1 || p.value() > 99)) {
            diagnostics.error(node.location(), f.path("warnAt") + ": " + p + " is outside 1%..99%");
            return null;
        }
        return p;
    }

    private Size size(Fields f) {
        Node node = f.required("size");
        return node == null ? null
                : Values.parsed(node, f.path("size"), "a size such as 20GiB", Size::parse, diagnostics);
    }

    /** The device path, absolute, checked for use and for reuse; {@code null} when unusable (reported). */
    private Path device(Fields f) {
        Node node = f.required("path");
        String text = node == null ? null : Values.string(node, f.path("path"), diagnostics);
        if (text == null) {
            return null;
        }
        String label = f.path("path");
        if (text.isBlank()) {
            diagnostics.error(node.location(), label + ": is empty");
            return null;
        }
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            diagnostics.error(node.location(), label + ": '" + text + "' is not a valid path: " + e.getReason());
            return null;
        }
        if (!p.isAbsolute()) {
            if (dataDir == null) {
                return null;
            }
            p = dataDir.resolve(p);
        }
        p = p.normalize();
        paths.checkDevice(p, label, node.location());
        Use first = devices.putIfAbsent(identity(p), new Use(label, node.location()));
        if (first != null) {
            diagnostics.error(node.location(), label + ": '" + p + "' is already used as " + first.path()
                    + (first.at() == Location.START ? "" : " (" + first.at().describe() + ")"));
            return null;
        }
        return p;
    }

    /** The path two spellings of one file share: the real path when it exists. */
    private static Path identity(Path p) {
        try {
            return Files.exists(p) ? p.toRealPath() : p;
        } catch (IOException e) {
            return p;
        }
    }

    private List<ScheduleSpec> schedules(Fields pool) {
        Node node = pool.optional("schedules");
        if (node == null) {
            return pool.has("schedules") ? null : List.of();
        }
        ListNode list = Values.list(node, pool.path("schedules"), diagnostics);
        if (list == null) {
            return null;
        }
        List<ScheduleSpec> schedules = new ArrayList<>();
        Map<String, Location> prefixes = new HashMap<>();
        boolean complete = true;
        for (int i = 0; i < list.items().size(); i++) {
            ScheduleSpec s = schedule(list.items().get(i), pool.path("schedules") + "[" + i + "]", prefixes);
            if (s == null) {
                complete = false;
            } else {
                schedules.add(s);
            }
        }
        return complete ? schedules : null;
    }

    private ScheduleSpec schedule(Node node, String path, Map<String, Location> prefixes) {
        MapNode map = Values.map(node, path, diagnostics);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, path, diagnostics, "every", "keep", "prefix");
        Node everyNode = f.required("every");
        Duration every = everyNode == null ? null
                : Values.parsed(everyNode, f.path("every"), "a duration such as 15m", Duration::parse, diagnostics);
        if (every != null && every.compareTo(ScheduleSpec.MIN_EVERY) < 0) {
            diagnostics.error(everyNode.location(), f.path("every") + ": " + every + " is too short; at least "
                    + ScheduleSpec.MIN_EVERY);
            every = null;
        }
        Node keepNode = f.required("keep");
        Long keep = keepNode == null ? null : Values.integer(keepNode, f.path("keep"), 1, MAX_KEEP, diagnostics);
        Node prefixNode = f.required("prefix");
        String prefix = prefixNode == null ? null : Values.string(prefixNode, f.path("prefix"), diagnostics);
        if (prefix != null) {
            var problem = NameRules.checkPrefix(prefix);
            if (problem.isPresent()) {
                diagnostics.error(prefixNode.location(), f.path("prefix") + ": " + problem.get());
                prefix = null;
            } else {
                Location first = prefixes.putIfAbsent(prefix, prefixNode.location());
                if (first != null) {
                    diagnostics.error(prefixNode.location(), f.path("prefix") + ": duplicate schedule prefix '"
                            + prefix + "' in this pool (first at " + first.describe() + ")");
                    prefix = null;
                }
            }
        }
        return every == null || keep == null || prefix == null ? null
                : new ScheduleSpec(every, keep.intValue(), prefix);
    }
}
