package org.snaptarget.server.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.snaptarget.config.LunSpec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.snaptarget.lun.DurableFile;

/**
 * What the server changed at run time, beyond the configuration file (which it never rewrites):
 * LUNs added and removed with {@code snaptarget lun add|remove}, and which snapshots schedules
 * took (so that retention never touches a snapshot made by hand). Kept in
 * {@code <dataDir>/runtime-state.json}, replaced atomically after every change ({@link DurableFile}).
 *
 * <p>At start the exported LUNs of a target are: the configuration's LUNs, minus {@link #removed},
 * plus {@link #added}. Target names are stored in canonical (lower-case) form.
 *
 * <p>Immutable: every change returns a new state.
 *
 * @param added     LUNs added at run time
 * @param removed   configuration LUNs removed at run time
 * @param scheduled per pool, the names of live snapshots taken by a schedule
 */
public record RuntimeState(int version, List<AddedLun> added, List<RemovedLun> removed,
                           Map<String, Set<String>> scheduled) {

    public static final String FILE_NAME = "runtime-state.json";
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A LUN added at run time; {@code snapshot == null} for the origin. */
    public record AddedLun(String target, int lun, String pool, String snapshot, boolean readOnly) {
        public AddedLun {
            target = target.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A LUN of the configuration file removed at run time: which number, and what it exported then
     * ({@code snapshot == null} for the origin). The removal applies only while the configuration
     * still says the same, so a LUN later edited into the file under that number is exported.
     */
    public record RemovedLun(String target, int lun, String pool, String snapshot) {
        public RemovedLun {
            target = target.toLowerCase(Locale.ROOT);
        }
    }

    public RuntimeState {
        added = List.copyOf(added == null ? List.of() : added);
        removed = List.copyOf(removed == null ? List.of() : removed);
        Map<String, Set<String>> copy = new TreeMap<>();
        if (scheduled != null) {
            scheduled.forEach((pool, names) -> {
                if (!names.isEmpty()) {
                    copy.put(pool, Set.copyOf(new TreeSet<>(names)));
                }
            });
        }
        scheduled = Map.copyOf(copy);
    }

    public static RuntimeState empty() {
        return new RuntimeState(VERSION, List.of(), List.of(), Map.of());
    }

    /** Reads the state file; an absent file is the empty state, a malformed one an error naming it. */
    public static RuntimeState load(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return empty();
        }
        RuntimeState state;
        try {
            state = JSON.readValue(bytes, RuntimeState.class);
        } catch (JacksonException e) {
            throw new IOException(file + ": malformed runtime state: " + e.getOriginalMessage(), e);
        }
        if (state.version() != VERSION) {
            throw new IOException(file + ": unsupported runtime state version " + state.version() + " (expected "
                    + VERSION + ")");
        }
        return state;
    }

    /** Replaces the state file atomically and durably. */
    public void save(Path file) throws IOException {
        DurableFile.replace(file, JSON.writeValueAsBytes(this));
    }

    /** With LUN {@code lun} of {@code target} added (replacing an earlier addition of that number). */
    public RuntimeState withAdded(AddedLun lun) {
        List<AddedLun> a = new ArrayList<>(added.stream()
                .filter(x -> !(x.target().equals(lun.target()) && x.lun() == lun.lun())).toList());
        a.add(lun);
        return new RuntimeState(version, a, removed, scheduled);
    }

    /**
     * With LUN {@code lun} of {@code target} gone: an addition of it is dropped, and the
     * configuration's LUN of that number, {@code fromConfig} (or {@code null} when the file has
     * none), is recorded as removed.
     */
    public RuntimeState withRemoved(String target, int lun, LunSpec fromConfig) {
        String t = target.toLowerCase(Locale.ROOT);
        List<AddedLun> a = added.stream().filter(x -> !(x.target().equals(t) && x.lun() == lun)).toList();
        List<RemovedLun> r = new ArrayList<>(removed.stream().filter(x -> !(x.target().equals(t) && x.lun() == lun))
                .toList());
        if (fromConfig != null) {
            r.add(new RemovedLun(t, lun, fromConfig.pool(), fromConfig.snapshot().orElse(null)));
        }
        return new RuntimeState(version, a, r, scheduled);
    }

    /** Whether this LUN of the configuration file was removed at run time (same number, same device). */
    public boolean isRemoved(String target, LunSpec lun) {
        return removed.contains(new RemovedLun(target, lun.lun(), lun.pool(), lun.snapshot().orElse(null)));
    }

    /** The scheduled snapshots of one pool. */
    public Set<String> scheduledIn(String pool) {
        return scheduled.getOrDefault(pool, Set.of());
    }

    /** With {@code name} recorded as (or no longer) a scheduled snapshot of {@code pool}. */
    public RuntimeState withScheduled(String pool, String name, boolean isScheduled) {
        Map<String, Set<String>> s = new TreeMap<>(scheduled);
        Set<String> names = new TreeSet<>(s.getOrDefault(pool, Set.of()));
        if (isScheduled) {
            names.add(name);
        } else {
            names.remove(name);
        }
        s.put(pool, names);
        return new RuntimeState(version, added, removed, s);
    }
}
