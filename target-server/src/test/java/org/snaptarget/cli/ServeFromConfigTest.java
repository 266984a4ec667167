package org.snaptarget.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.admin.AdminJson;
import org.snaptarget.config.ConfigLoader;
import org.snaptarget.config.SnapTargetConfig;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole server started from a YAML file in a temporary directory, as {@code serve --config}
 * starts it ({@link RunningServer}), driven through the CLI classes: snapshots and LUNs created,
 * listed, refused, removed; what survives a restart; fsck refused while it runs and clean after.
 */
class ServeFromConfigTest {

    private static final String IQN = "iqn.2026-11.org.snaptarget:vm1";

    @TempDir
    Path dir;

    @Test
    void snapshotsAndLunsAreManagedLiveThroughTheCliAndSurviveARestart() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path file = CliRun.config(dir, port);
        String config = file.toString();
        SnapTargetConfig model = ConfigLoader.load(file).orThrow();

        try (RunningServer server = RunningServer.start(model, file, true)) {
            assertTrue(server.admin().isPresent());
            ok(CliRun.of("snapshot", "create", "--config", config, "vm1", "s1"));
            ok(CliRun.of("snapshot", "create", "--config", config, "vm1", "s2", "--of", "s1", "--read-only"));
            JsonNode list = json(ok(CliRun.of("snapshot", "list", "--config", config, "vm1", "--json")));
            assertEquals(2, list.size());
            assertEquals("s2", list.get(1).get("name").asText(), "oldest first");
            assertEquals("s1", list.get(1).get("parent").asText());
            assertTrue(list.get(1).get("readOnly").asBoolean());

            CliRun table = ok(CliRun.of("snapshot", "list", "--config", config, "vm1"));
            assertTrue(table.out().startsWith("NAME  PARENT  CREATED"), table.out());

            CliRun added = ok(CliRun.of("lun", "add", "--config", config, IQN, "1", "--pool", "vm1", "--snapshot", "s1"));
            assertTrue(added.out().startsWith("added LUN 1 to " + IQN + ": pool vm1 snapshot s1"), added.out());
            CliRun refused = CliRun.of("snapshot", "delete", "--config", config, "vm1", "s1");
            assertEquals(ExitCodes.REFUSED, refused.exit());
            assertTrue(refused.err().startsWith("snaptarget: ") && refused.err().contains(IQN + "/1"), refused.err());

            JsonNode status = json(ok(CliRun.of("status", "--config", config, "--json")));
            assertEquals(2, status.get("luns").size(), status.toString());
            assertEquals(2, status.get("pools").get(0).get("snapshots").asInt());
            ok(CliRun.of("status", "--config", config));

            CliRun fsck = CliRun.of("fsck", "--config", config, "vm1");
            assertEquals(ExitCodes.SERVER_RUNNING, fsck.exit(), fsck.err());

            ok(CliRun.of("lun", "remove", "--config", config, IQN, "1"));
            ok(CliRun.of("snapshot", "delete", "--config", config, "vm1", "s2"));
            ok(CliRun.of("snapshot", "create", "--config", config, "vm1", "s3"));
            ok(CliRun.of("lun", "add", "--config", config, IQN, "2", "--pool", "vm1", "--snapshot", "s3", "--read-only"));
        }
        assertFalse(Files.exists(dir.resolve("data/admin.token")), "the token goes with the server");
        assertEquals(ExitCodes.UNREACHABLE, CliRun.of("status", "--config", config).exit());
        CliRun fsck = CliRun.of("fsck", "--config", config, "vm1");
        assertEquals(ExitCodes.OK, fsck.exit(), fsck.out() + fsck.err());
        assertTrue(fsck.out().contains("2 snapshots"), fsck.out());

        try (RunningServer again = RunningServer.start(model, file, true)) {
            JsonNode list = json(ok(CliRun.of("snapshot", "list", "--config", config, "vm1", "--json")));
            assertEquals(2, list.size());
            assertEquals("s1", list.get(0).get("name").asText());
            assertEquals("s3", list.get(1).get("name").asText());
            assertEquals(IQN + "/2", list.get(1).get("exportedAs").get(0).asText());
            JsonNode luns = json(ok(CliRun.of("status", "--config", config, "--json"))).get("luns");
            assertEquals(2, luns.size());
            assertTrue(luns.get(1).get("readOnly").asBoolean());
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path file = CliRun.config(dir, port);
        SnapTargetConfig model = ConfigLoader.load(file).orThrow();
        try (RunningServer server = RunningServer.start(model, file, true)) {
            ClientFailure f = org.junit.jupiter.api.Assertions.assertThrows(ClientFailure.class,
                    () -> RunningServer.start(model, file, true));
            assertEquals(ExitCodes.SERVER_RUNNING, f.exitCode());
        }
    }

    @Test
    void serveRefusesDefaultFlagsAlongsideConfig() throws Exception {
        Path file = CliRun.config(dir, 3280);
        CliRun r = CliRun.of("serve", "--config", file.toString(), "--size", "2GiB");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("--size configures the embedded default"), r.err());
    }

    @Test
    void badEmbeddedDefaultFlagsAreOneLineUsageErrors() {
        CliRun r = CliRun.of("serve", "--chap-user", "u", "--data-dir", dir.resolve("data").toString());
        assertEquals(ExitCodes.USAGE, r.exit());
        assertEquals("snaptarget: --chap-user and --chap-secret go together (see: snaptarget serve --help)\n", r.err());
        CliRun size = CliRun.of("serve", "--size", "1GB", "--data-dir", dir.resolve("data").toString());
        assertEquals(ExitCodes.USAGE, size.exit());
        assertEquals(1, size.err().lines().count(), size.err());
        assertFalse(Files.exists(dir.resolve("data")), "nothing created");
    }

    @Test
    void serveWithAnInvalidConfigPrintsEveryErrorAndStartsNothing() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "dataDir: data\nbogus: 1\nalso: 2\n");
        CliRun r = CliRun.of("serve", "--config", file.toString());
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains(file + ":2:1: "), r.err());
        assertTrue(r.err().contains(file + ":3:1: "), r.err());
        assertTrue(r.err().endsWith("snaptarget: " + file + ": 2 errors; nothing started\n"), r.err());
        assertFalse(Files.exists(dir.resolve("data")), "nothing created");
        CliRun missing = CliRun.of("serve", "--config", dir.resolve("none.yaml").toString());
        assertEquals(ExitCodes.USAGE, missing.exit());
    }

    private static CliRun ok(CliRun r) {
        assertEquals(0, r.exit(), r.out() + r.err());
        return r;
    }

    private static JsonNode json(CliRun r) throws Exception {
        return AdminJson.mapper().readTree(r.out());
    }
}
