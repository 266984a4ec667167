package org.snaptarget.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where things are for an end-to-end run, from the system properties integration-tests/pom.xml
 * sets (with fallbacks for running a test class from an IDE in the module directory): the
 * repository root, the server jar, a scratch directory under target/, and which target kind is
 * under test.
 */
public final class E2eEnvironment {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private E2eEnvironment() {
    }

    public static Path repoRoot() {
        String prop = System.getProperty("snaptarget.repo.root");
        Path root = prop != null ? Path.of(prop) : Path.of(System.getProperty("user.dir")).resolve("..");
        return root.toAbsolutePath().normalize();
    }

    public static Path serverJar() {
        String prop = System.getProperty("snaptarget.jar");
        return prop != null ? Path.of(prop).toAbsolutePath().normalize()
                            : repoRoot().resolve("target-server/target/snaptarget.jar");
    }

    /** The kind selected with -De2e.target=snaptarget|tgt (system property snaptarget.e2e.target). */
    public static TargetKind selectedKind() {
        String name = System.getProperty("snaptarget.e2e.target", "snaptarget");
        return TargetKind.valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /** A fresh directory for one test class's files (LUN images, logs). */
    public static Path scratchDir(String label) {
        String prop = System.getProperty("snaptarget.e2e.workdir");
        Path base = prop != null ? Path.of(prop) : Path.of(System.getProperty("java.io.tmpdir"), "snaptarget-e2e");
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
        Path dir = base.resolve(label + "-" + stamp + "-" + SEQUENCE.incrementAndGet());
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * The linux-initiator tool: {@code <repo root>/../shared/tools/linux-initiator}, or
     * /work/shared/tools/linux-initiator for a worktree that is not next to shared/.
     */
    public static Path linuxInitiatorDir() {
        Path beside = repoRoot().resolve("../shared/tools/linux-initiator").normalize();
        if (Files.isExecutable(beside.resolve("run"))) {
            return beside;
        }
        return Path.of("/work/shared/tools/linux-initiator");
    }
}
