package org.snaptarget.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the {@code snaptarget} command line in-process and captures what it prints. */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SnapTargetCli.commandLine(args).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /**
     * Writes a valid configuration to {@code dir/snaptarget.yaml}: data directory {@code dir/data},
     * the admin endpoint on {@code adminPort}, pool {@code vm1} (1MiB origin, 4MiB store) and target
     * {@code iqn.2026-11.org.snaptarget:vm1} with LUN 0 = the origin.
     */
    static Path config(Path dir, int adminPort) throws Exception {
        Path file = dir.resolve("snaptarget.yaml");
        Files.writeString(file, """
                dataDir: data
                portals: ["127.0.0.1:0"]
                admin: { listen: "127.0.0.1:%d" }
                pools:
                  - name: vm1
                    origin: { path: vm1.origin, size: 1MiB }
                    store: { path: vm1.store, size: 4MiB }
                targets:
                  - iqn: iqn.2026-11.org.snaptarget:vm1
                    luns:
                      - { lun: 0, pool: vm1 }
                """.formatted(adminPort));
        return file;
    }
}
