package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.e2e.harness.CommandResult;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.ExternalCommand;

/**
 * The {@code ./snaptarget} launcher's class-data-sharing archive for client commands: written by a
 * command's first run next to the jar, replaced when the jar is rebuilt or the file is torn, and
 * never a reason for a command to fail or to print anything more. The jar under test is copied
 * into a scratch directory so the archives land there.
 */
class LauncherTest {

    /** The dynamic CDS archive's magic number 0xf00baba8, as it appears on disk (little-endian). */
    private static final String MAGIC = "a8ab0bf0";

    private Path jar;
    private Path config;

    @BeforeEach
    void copyTheJar() throws IOException {
        Path dir = E2eEnvironment.scratchDir("launcher");
        jar = Files.copy(E2eEnvironment.serverJar(), dir.resolve("snaptarget.jar"));
        config = dir.resolve("ok.yaml");
        Files.writeString(config, """
                dataDir: data
                admin: { listen: "127.0.0.1:3280" }
                pools:
                  - name: p
                    origin: { path: p.origin, size: 1MiB }
                    store: { path: p.store, size: 4MiB }
                targets:
                  - iqn: iqn.2026-11.org.snaptarget:launcher
                    luns:
                      - { lun: 0, pool: p }
                """);
    }

    private CommandResult checkConfig() {
        CommandResult r = ExternalCommand.of(E2eEnvironment.repoRoot().resolve("snaptarget").toString(), "check-config",
                        config.toString())
                .env("JAVA_HOME", SnaptargetCli.javaHome()).env("SNAPTARGET_JAR", jar.toString())
                .timeout(Duration.ofSeconds(60)).run();
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("", r.stderr(), "nothing on standard error");
        assertTrue(r.stdout().endsWith(": OK (1 pool, 1 target, 1 LUN)\n"), r::describe);
        return r;
    }

    private Path archive() {
        return jar.resolveSibling("snaptarget-check-config.jsa");
    }

    private String magic() throws IOException {
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(archive())) {
            assertEquals(4, in.readNBytes(head, 0, 4), "archive shorter than its magic");
        }
        return HexFormat.of().formatHex(head);
    }

    @Test
    void theFirstRunWritesTheArchiveAndLaterRunsKeepIt() throws IOException {
        assertFalse(Files.exists(archive()));
        checkConfig();
        assertEquals(MAGIC, magic());
        FileTime written = Files.getLastModifiedTime(archive());
        checkConfig();
        assertEquals(written, Files.getLastModifiedTime(archive()), "a valid archive is used, not rewritten");
    }

    @Test
    void aTornArchiveIsReplacedWithoutAWord() throws IOException {
        Files.write(archive(), new byte[4096]);
        checkConfig();
        assertEquals(MAGIC, magic());
    }

    @Test
    void anArchiveOlderThanTheJarIsReplaced() throws IOException {
        checkConfig();
        Files.setLastModifiedTime(archive(), FileTime.from(Instant.now().minusSeconds(3600)));
        FileTime stale = Files.getLastModifiedTime(archive());
        checkConfig();
        assertEquals(MAGIC, magic());
        assertTrue(Files.getLastModifiedTime(archive()).compareTo(stale) > 0, "written again for the newer jar");
    }
}
