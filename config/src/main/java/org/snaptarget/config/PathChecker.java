package org.snaptarget.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks, before the server starts, that the paths of a configuration can be used: the data
 * directory exists or can be created, and each origin and store path is either an existing regular
 * file or block device this user can read and write, or absent with a directory it can be created
 * in. A check-time answer can go stale (permissions change), so the server still handles the errors
 * of opening; this check exists to report them all at once, with positions, before anything starts.
 *
 * <p>Symbolic links are followed, as the server will follow them. Permissions are asked of the file
 * system ({@link Files#isReadable}, {@link Files#isWritable}), so they reflect the current user
 * (root passes them all; the type checks still apply).
 */
final class PathChecker {

    /** {@code S_IFMT} and {@code S_IFBLK} of POSIX {@code st_mode}. */
    private static final int TYPE_MASK = 0170000;
    private static final int BLOCK_DEVICE = 0060000;

    private final Diagnostics diagnostics;

    PathChecker(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    void checkDirectory(Path dir, String path, Location at) {
        BasicFileAttributes attributes = attributes(dir, path, at);
        if (attributes == null) {
            if (Files.notExists(dir)) {
                checkCreatable(dir, path, at);
            }
            return;
        }
        if (!attributes.isDirectory()) {
            diagnostics.error(at, path + ": '" + dir + "' exists and is not a directory");
        } else if (!Files.isWritable(dir) || !Files.isReadable(dir) || !Files.isExecutable(dir)) {
            diagnostics.error(at, path + ": '" + dir + "' is not readable and writable by this user");
        }
    }

    void checkDevice(Path device, String path, Location at) {
        BasicFileAttributes attributes = attributes(device, path, at);
        if (attributes == null) {
            if (Files.notExists(device)) {
                checkCreatable(device, path, at);
            }
            return;
        }
        if (attributes.isDirectory()) {
            diagnostics.error(at, path + ": '" + device + "' is a directory; expected a regular file or a block"
                    + " device");
        } else if (!attributes.isRegularFile() && !isBlockDevice(device, attributes)) {
            diagnostics.error(at, path + ": '" + device + "' is neither a regular file nor a block device");
        } else if (!Files.isReadable(device) || !Files.isWritable(device)) {
            diagnostics.error(at, path + ": '" + device + "' is not readable and writable by this user");
        }
    }

    /** Attributes of an existing path, or {@code null} when it is absent or cannot be inspected (reported). */
    private BasicFileAttributes attributes(Path p, String path, Location at) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (!Files.notExists(p)) {
                diagnostics.error(at, path + ": cannot inspect '" + p + "': " + e.getMessage());
            }
            return null;
        }
    }

    private void checkCreatable(Path p, String path, Location at) {
        Path ancestor = p.toAbsolutePath().getParent();
        while (ancestor != null && Files.notExists(ancestor, LinkOption.NOFOLLOW_LINKS)) {
            ancestor = ancestor.getParent();
        }
        String prefix = path + ": '" + p + "' does not exist and cannot be created: '";
        if (ancestor == null) {
            diagnostics.error(at, prefix + p.getRoot() + "' does not exist");
        } else if (!Files.isDirectory(ancestor)) {
            diagnostics.error(at, prefix + ancestor + "' is not a directory");
        } else if (!Files.isWritable(ancestor) || !Files.isExecutable(ancestor)) {
            diagnostics.error(at, prefix + ancestor + "' is not writable by this user");
        }
    }

    private static boolean isBlockDevice(Path p, BasicFileAttributes attributes) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode");
            return mode instanceof Integer m && (m & TYPE_MASK) == BLOCK_DEVICE;
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return attributes.isOther();
        }
    }
}
