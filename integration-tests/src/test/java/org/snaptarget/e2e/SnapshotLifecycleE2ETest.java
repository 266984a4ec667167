package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.e2e.harness.CommandResult;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.RequiredTool;

/**
 * Issue 5, "What it must show" item 2, end to end: qemu-io over iSCSI writes and reads, and the
 * {@code snaptarget} CLI run as separate processes takes, exports, lists and deletes snapshots of a
 * running server, which is checked offline with {@code fsck} at the end.
 *
 * <p>Layout of the 64 MiB origin (64 KiB chunks): [0, 1 MiB) carries pattern A (0xa1), then B
 * (0xb2) after the first snapshot; [8 MiB, 8 MiB + 64 KiB) carries A throughout; a writable
 * snapshot's LUN overwrites [0, 1 MiB) with C (0xc3).
 */
class SnapshotLifecycleE2ETest {

    private static final String IQN = ConfiguredServer.IQN;
    private static final String POOL = ConfiguredServer.POOL;
    private ConfiguredServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void snapshotsAreTakenExportedListedAndDeletedWhileTheOriginStaysLive() throws IOException {
        long begin = System.nanoTime();
        RequiredTool.requireQemuIscsiDriver();
        Path dir = E2eEnvironment.scratchDir("snapshot-lifecycle");
        server = ConfiguredServer.start(dir, "64MiB", "256MiB", "64KiB");
        SnaptargetCli cli = new SnaptargetCli(server.config());

        QemuSession.readWrite(server.url(0), "write -P 0xa1 0 1M", "write -P 0xa1 8M 64k");
        Instant beforeCreate = Instant.now().minusSeconds(1);
        cli.ok("snapshot", "create", POOL, "s1", "--read-only");
        QemuSession.readWrite(server.url(0), "write -P 0xb2 0 1M");
        cli.ok("lun", "add", IQN, "1", "--pool", POOL, "--snapshot", "s1", "--read-only");

        QemuSession.readOnly(server.url(1), "read -P 0xa1 0 1M", "read -P 0xa1 8M 64k", "read -P 0 1M 1M");
        QemuSession.readWrite(server.url(0), "read -P 0xb2 0 1M", "read -P 0xa1 8M 64k");
        QemuSession.requireFailure(QemuSession.attempt(server.url(1), false, "write -P 0xee 0 4k"),
                "a read-only snapshot LUN must refuse a read-write open or the write");
        QemuSession.readOnly(server.url(1), "read -P 0xa1 0 1M");

        cli.ok("snapshot", "create", POOL, "w1");
        cli.ok("lun", "add", IQN, "2", "--pool", POOL, "--snapshot", "w1");
        QemuSession.readWrite(server.url(2), "read -P 0xb2 0 1M", "write -P 0xc3 0 1M", "read -P 0xc3 0 1M");
        QemuSession.readWrite(server.url(2), "read -P 0xc3 0 1M", "read -P 0xa1 8M 64k");
        QemuSession.readWrite(server.url(0), "read -P 0xb2 0 1M");
        QemuSession.readOnly(server.url(1), "read -P 0xa1 0 1M");

        cli.ok("snapshot", "create", POOL, "w1child", "--of", "w1");
        cli.ok("lun", "add", IQN, "3", "--pool", POOL, "--snapshot", "w1child");
        QemuSession.readWrite(server.url(3), "read -P 0xc3 0 1M", "read -P 0xa1 8M 64k");

        String table = cli.ok("snapshot", "list", POOL).stdout();
        System.out.println(table);
        assertTrue(rowOf(table, "s1").matches("s1\\s+origin\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\\s+yes\\s+manual\\s+"
                                               + IQN + "/1\\s+1\\.0 MiB"), () -> "s1 row (exclusive space 1.0 MiB): " + table);
        assertTrue(rowOf(table, "w1child").matches("w1child\\s+w1\\s+\\S+ \\S+\\s+no\\s+manual\\s+" + IQN + "/3\\s+.*"),
                () -> "w1child row: " + table);

        Map<String, JsonNode> listed = listJson(cli);
        assertEquals(3, listed.size(), () -> "three snapshots: " + listed.keySet());
        JsonNode s1 = listed.get("s1");
        assertTrue(s1.get("parent").isNull(), "s1 is a snapshot of the origin");
        assertTrue(s1.get("readOnly").asBoolean(), "s1 is read-only");
        assertEquals(IQN + "/1", s1.get("exportedAs").get(0).asText());
        Instant created = Instant.parse(s1.get("created").asText());
        assertTrue(!created.isBefore(beforeCreate.minusSeconds(1)) && !created.isAfter(Instant.now()),
                () -> "s1 created " + created + ", expected after " + beforeCreate);
        assertEquals(1024 * 1024, s1.get("exclusiveBytes").asLong(),
                "s1 alone holds the 16 chunks of A that B overwrote on the origin");
        assertEquals("w1", listed.get("w1child").get("parent").asText());
        assertFalse(listed.get("w1").get("readOnly").asBoolean());
        assertEquals(IQN + "/2", listed.get("w1").get("exportedAs").get(0).asText());

        CommandResult refused = cli.attempt("snapshot", "delete", POOL, "s1");
        assertEquals(1, refused.exitCode(), refused::describe);
        assertTrue(refused.stderr().contains(IQN + "/1"),
                () -> "the refusal must name the LUN exporting s1: " + refused.describe());
        assertTrue(listJson(cli).containsKey("s1"), "a refused delete leaves the snapshot");
        QemuSession.readOnly(server.url(1), "read -P 0xa1 0 1M");

        cli.ok("lun", "remove", IQN, "1");
        cli.ok("snapshot", "delete", POOL, "s1");
        Map<String, JsonNode> after = listJson(cli);
        assertFalse(after.containsKey("s1"), () -> "deleted s1 still listed: " + after.keySet());
        assertEquals(2, after.size());
        assertFalse(cli.ok("snapshot", "list", POOL).stdout().lines().anyMatch(l -> l.startsWith("s1 ")));
        QemuSession.readWrite(server.url(0), "read -P 0xb2 0 1M", "read -P 0xa1 8M 64k");
        QemuSession.readWrite(server.url(3), "read -P 0xc3 0 1M");

        server.stop();
        assertTrue(server.stoppedCleanly(), () -> "SIGTERM must stop the server in order, exit "
                                                  + server.lastExitCode() + "\n" + server.logTail(20));
        CommandResult fsck = cli.ok("fsck", POOL);
        assertTrue(fsck.stdout().contains("pool " + POOL + ": clean"), fsck::describe);
        System.out.printf("[e2e-snap] SnapshotLifecycleE2ETest took %.1f s%n", (System.nanoTime() - begin) / 1e9);
    }

    private static String rowOf(String table, String name) {
        return table.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + name + " in\n" + table));
    }

    static Map<String, JsonNode> listJson(SnaptargetCli cli) throws IOException {
        JsonNode array = new ObjectMapper().readTree(cli.ok("snapshot", "list", POOL, "--json").stdout());
        assertTrue(array.isArray(), "snapshot list --json prints an array");
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode s : array) {
            assertNotNull(s.get("name"));
            byName.put(s.get("name").asText(), s);
        }
        return byName;
    }
}
