package org.snaptarget.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What {@link PathChecker} asks of the file system: the kind of a path and the current user's
 * access to it. {@link #LOCAL} asks the real one; tests substitute answers that an unprivileged
 * user would get (as root every permission check passes).
 */
interface FileProbe {

    enum Kind { ABSENT, DIRECTORY, REGULAR_FILE, BLOCK_DEVICE, OTHER }

    /**
     * The kind of {@code p}, following symbolic links.
     *
     * @throws IOException when the path exists but cannot be inspected
     */
    Kind kind(Path p) throws IOException;

    boolean canRead(Path p);

    boolean canWrite(Path p);

    /** For a directory: whether entries can be looked up in it (the x bit). */
    boolean canSearch(Path p);

    FileProbe LOCAL = new FileProbe() {

        /** {@code S_IFMT} and {@code S_IFBLK} of POSIX {@code st_mode}. */
        private static final int TYPE_MASK = 0170000;
        private static final int BLOCK_DEVICE = 0060000;

        @Override
        public Kind kind(Path p) throws IOException {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return Kind.ABSENT;
            }
            if (a.isDirectory()) {
                return Kind.DIRECTORY;
            }
            if (a.isRegularFile()) {
                return Kind.REGULAR_FILE;
            }
            try {
                Object mode = Files.getAttribute(p, "unix:mode");
                return mode instanceof Integer m && (m & TYPE_MASK) == BLOCK_DEVICE ? Kind.BLOCK_DEVICE : Kind.OTHER;
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                return a.isOther() ? Kind.BLOCK_DEVICE : Kind.OTHER;
            }
        }

        @Override
        public boolean canRead(Path p) {
            return Files.isReadable(p);
        }

        @Override
        public boolean canWrite(Path p) {
            return Files.isWritable(p);
        }

        @Override
        public boolean canSearch(Path p) {
            return Files.isExecutable(p);
        }
    };
}
