package org.snaptarget.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.iscsi.login.Portal;
import org.snaptarget.iscsi.testing.TestInitiator;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code snaptarget serve}: the exact flags, the embedded default, start and clean stop. */
class ServeCommandTest {

    @Test
    void serveExportsTheDefaultTargetAndStopsCleanly(@TempDir Path dir) throws Exception {
        ServeCommand serve = new ServeCommand();
        CommandLine cli = new CommandLine(serve);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread runner = new Thread(() -> exit.set(cli.execute("--portal", "127.0.0.1:0", "--data-dir",
                dir.resolve("data").toString(), "--size", "16MiB")));
        runner.start();
        List<Portal> portals = null;
        for (int i = 0; i < 1000 && (portals = serve.boundPortals()) == null && runner.isAlive(); i++) {
            Thread.sleep(10);
        }
        assertNotNull(portals, "serve did not become ready");
        try (TestInitiator t = TestInitiator.connect("127.0.0.1", portals.get(0).port())) {
            var response = t.login("iqn.2026-11.org.example:cli", ServeCommand.DEFAULT_TARGET, 1, 0, Map.of());
            assertEquals(0, response.statusClass(), "login status detail " + response.statusDetail());
            assertEquals(2, t.clearUnitAttention(0), "POWER ON, RESET unit attention first, then GOOD");
            byte[] data = new byte[65536];
            new Random(5).nextBytes(data);
            assertEquals(0, t.write(0, 64, data, 512).status());
            assertArrayEquals(data, t.read(0, 64, 128, 512).data());
            assertEquals(0, t.logout());
        }
        serve.stop();
        runner.join(10_000);
        assertEquals(0, exit.get());
        Path image = dir.resolve("data").resolve("default.origin");
        assertEquals(16L << 20, Files.size(image), "a sparse file of --size bytes");
    }

    @Test
    void badFlagsAreRefusedWithAMessage(@TempDir Path dir) {
        for (String[] args : List.of(new String[] {"serve", "--size", "1GB", "--data-dir", dir.toString()},
                new String[] {"serve", "--portal", "localhost:http", "--data-dir", dir.toString()},
                new String[] {"serve", "--chap-user", "u", "--data-dir", dir.toString()})) {
            StringWriter err = new StringWriter();
            CommandLine cli = SnapTargetCli.commandLine();
            cli.setErr(new PrintWriter(err));
            int code = cli.execute(args);
            assertTrue(code != 0, String.join(" ", args));
            assertTrue(!err.toString().isBlank(), "an explanation on stderr for " + String.join(" ", args));
        }
    }
}
