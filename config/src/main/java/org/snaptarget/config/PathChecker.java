package org.snaptarget.config;

import java.io.IOException;
import java.nio.file.Path;
import org.snaptarget.config.FileProbe.Kind;

/**
 * Checks, before the server starts, that the paths of a configuration can be used: the data
 * directory exists or can be created, and each origin and store path is either an existing regular
 * file or block device this user can read and write, or absent with a directory it can be created
 * in (the nearest existing ancestor must be a directory this user can write and search). A
 * check-time answer can go stale (permissions change), so the server still handles the errors of
 * opening; this check exists to report them all at once, with positions, before anything starts.
 *
 * <p>Symbolic links are followed, as the server will follow them. Nothing is created or modified.
 */
final class PathChecker {

    private final Diagnostics diagnostics;
    private final FileProbe probe;

    PathChecker(Diagnostics diagnostics, FileProbe probe) {
        this.diagnostics = diagnostics;
        this.probe = probe;
    }

    /** Checks a directory that must exist or be creatable, readable, writable and searchable. */
    void checkDirectory(Path dir, String path, Location at) {
        Kind kind = kind(dir, path, at);
        if (kind == null) {
            return;
        }
        switch (kind) {
            case ABSENT -> checkCreatable(dir, path, at);
            case DIRECTORY -> {
                if (!probe.canRead(dir) || !probe.canWrite(dir) || !probe.canSearch(dir)) {
                    diagnostics.error(at, path + ": '" + dir + "' is not readable and writable by this user");
                }
            }
            default -> diagnostics.error(at, path + ": '" + dir + "' exists and is not a directory");
        }
    }

    /** Checks an origin or store device: an existing regular file or block device, or a creatable file. */
    void checkDevice(Path device, String path, Location at) {
        Kind kind = kind(device, path, at);
        if (kind == null) {
            return;
        }
        switch (kind) {
            case ABSENT -> checkCreatable(device, path, at);
            case DIRECTORY -> diagnostics.error(at, path + ": '" + device + "' is a directory; expected a regular"
                    + " file or a block device");
            case OTHER -> diagnostics.error(at, path + ": '" + device + "' is neither a regular file nor a block"
                    + " device");
            case REGULAR_FILE, BLOCK_DEVICE -> {
                if (!probe.canRead(device) || !probe.canWrite(device)) {
                    diagnostics.error(at, path + ": '" + device + "' is not readable and writable by this user");
                }
            }
        }
    }

    /** The kind of {@code p}, or {@code null} when it cannot be inspected (reported). */
    private Kind kind(Path p, String path, Location at) {
        try {
            return probe.kind(p);
        } catch (IOException e) {
            diagnostics.error(at, path + ": cannot inspect '" + p + "': " + e.getMessage());
            return null;
        }
    }

    private void checkCreatable(Path p, String path, Location at) {
        String prefix = path + ": '" + p + "' does not exist and cannot be created: '";
        for (Path ancestor = p.toAbsolutePath().getParent(); ancestor != null; ancestor = ancestor.getParent()) {
            Kind kind = kind(ancestor, path, at);
            if (kind == null) {
                return;
            }
            switch (kind) {
                case ABSENT -> {
                    continue;
                }
                case DIRECTORY -> {
                    if (!probe.canWrite(ancestor) || !probe.canSearch(ancestor)) {
                        diagnostics.error(at, prefix + ancestor + "' is not writable by this user");
                    }
                }
                default -> diagnostics.error(at, prefix + ancestor + "' is not a directory");
            }
            return;
        }
        diagnostics.error(at, prefix + p.getRoot() + "' does not exist");
    }
}
