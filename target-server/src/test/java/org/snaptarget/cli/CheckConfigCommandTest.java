package org.snaptarget.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code snaptarget check-config FILE}: its output and exit codes 0 (valid), 1 (errors), 2 (unreadable). */
class CheckConfigCommandTest {

    @TempDir
    Path dir;

    @Test
    void aValidFileExits0WithASummary() throws Exception {
        Path file = CliRun.config(dir, 3280);
        CliRun r = CliRun.of("check-config", file.toString());
        assertEquals(0, r.exit(), r.out());
        assertEquals(file + ": OK (1 pool, 1 target, 1 LUN)\n", r.out());
    }

    @Test
    void aFileWithErrorsExits1ListingEveryOneWithLineAndColumn() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                dataDir: data
                bogus: 1
                targets:
                  - iqn: IQN.not-valid
                    chap: { user: u, secret: short }
                """);
        CliRun r = CliRun.of("check-config", file.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains(file + ":2:1: "), r.out());
        assertTrue(r.out().contains(file + ":4:10: "), r.out());
        assertTrue(r.out().contains(file + ":5:30: "), r.out());
        assertTrue(r.out().endsWith(file + ": " + (r.out().lines().count() - 1) + " errors\n"), r.out());
    }

    @Test
    void aMissingFileExits2() {
        Path file = dir.resolve("missing.yaml");
        CliRun r = CliRun.of("check-config", file.toString());
        assertEquals(2, r.exit());
        assertEquals(file + ": cannot read: no such file\n", r.out());
    }

    @Test
    void noFileArgumentIsAUsageError() {
        assertEquals(ExitCodes.USAGE, CliRun.of("check-config").exit());
    }
}
