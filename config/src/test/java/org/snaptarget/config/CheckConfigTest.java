package org.snaptarget.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aValidFileExitsZeroWithASummary() {
        assertEquals(CheckConfig.OK, CheckConfig.run(ExampleConfigTest.EXAMPLE, out));
        assertEquals("example-snaptarget.yaml: OK (2 pools, 2 targets, 3 LUNs)\n", output());
    }

    @Test
    void anInvalidFileExitsOneAndPrintsEveryErrorThenACount() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                portals: ["0.0.0.0:3260", "0.0.0.0:3260"]
                targets:
                  - iqn: iqn.2026-11.org.snaptarget:X
                    luns: [ { lun: 0, pool: none } ]
                """);

        assertEquals(CheckConfig.INVALID, CheckConfig.run(file, out));
        assertEquals(file + ":1:27: portals[1]: duplicate portal '0.0.0.0:3260' (first at line 1, column 11)\n"
                + file + ":3:10: targets[0].iqn: 'iqn.2026-11.org.snaptarget:X' has upper-case letters; iSCSI names"
                + " are lower case (RFC 3722): write 'iqn.2026-11.org.snaptarget:x'\n"
                + file + ":4:29: targets[0].luns[0].pool: unknown pool 'none'; no pools are defined\n"
                + file + ": 3 errors\n", output());
    }

    @Test
    void aCallerThatListsSnapshotsGetsMissingOnesReported() {
        KnownSnapshots known = KnownSnapshots.of(java.util.Map.of("vm1", java.util.Set.of()));

        assertEquals(CheckConfig.INVALID, CheckConfig.run(ExampleConfigTest.EXAMPLE, out, known));
        String[] lines = output().split("\n");
        assertEquals(2, lines.length);
        assertEquals(true, lines[0].endsWith(": targets[0].luns[1].snapshot: pool 'vm1' has no snapshot 'nightly'"),
                lines[0]);
        assertEquals("example-snaptarget.yaml: 1 error", lines[1]);
    }

    @Test
    void aMissingFileExitsTwo() {
        Path file = dir.resolve("absent.yaml");

        assertEquals(CheckConfig.UNREADABLE, CheckConfig.run(file, out));
        assertEquals(file + ": cannot read: no such file\n", output());
    }

    @Test
    void aDirectoryExitsTwo() {
        assertEquals(CheckConfig.UNREADABLE, CheckConfig.run(dir, out));
    }
}
