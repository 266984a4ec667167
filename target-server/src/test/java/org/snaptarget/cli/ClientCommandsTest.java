package org.snaptarget.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.admin.AdminJson;
import org.snaptarget.admin.AdminServer;
import org.snaptarget.admin.FakeAdminOperations;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client commands against a running {@link AdminServer} in front of {@link FakeAdminOperations}:
 * what they print, {@code --json}, and their exit codes ({@link ExitCodes}).
 */
class ClientCommandsTest {

    private static final String IQN = "iqn.2026-11.org.snaptarget:vm1";

    @TempDir
    Path dir;

    private FakeAdminOperations operations;
    private AdminServer server;
    private String config;

    @BeforeEach
    void start() throws Exception {
        operations = new FakeAdminOperations().pool("vm1").target(IQN);
        Path data = Files.createDirectories(dir.resolve("data"));
        server = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), data, operations);
        config = CliRun.config(dir, server.address().getPort()).toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void snapshotCreatePrintsTheSnapshotItMade() {
        CliRun r = CliRun.of("snapshot", "create", "--config", config, "vm1", "nightly", "--read-only");
        assertEquals(0, r.exit(), r.err());
        assertEquals("created snapshot nightly of the origin in pool vm1 (read-only, id 1, 2026-11-25 12:00:00Z)\n",
                r.out());
        assertEquals("", r.err());
    }

    @Test
    void snapshotCreateOfASnapshotNamesTheParent() {
        CliRun.of("snapshot", "create", "--config", config, "vm1", "a");
        CliRun r = CliRun.of("snapshot", "create", "vm1", "b", "--of", "a", "--config", config);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("created snapshot b of a in pool vm1 (writable"), r.out());
    }

    @Test
    void snapshotListPrintsAnAlignedTableWithHumanSizes() {
        CliRun.of("snapshot", "create", "--config", config, "vm1", "a");
        CliRun.of("snapshot", "create", "--config", config, "vm1", "b-long-name", "--of", "a", "--read-only");
        CliRun.of("lun", "add", "--config", config, IQN, "3", "--pool", "vm1", "--snapshot", "b-long-name");
        CliRun r = CliRun.of("snapshot", "list", "--config", config, "vm1");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                NAME         PARENT  CREATED               READ-ONLY  TAKEN   EXPORTED AS                       EXCLUSIVE
                a            origin  2026-11-25 12:00:00Z  no         manual  -                                       0 B
                b-long-name  a       2026-11-25 12:01:00Z  yes        manual  iqn.2026-11.org.snaptarget:vm1/3    1.0 MiB
                """, r.out());
    }

    @Test
    void snapshotListOfAnEmptyPoolSaysSo() {
        CliRun r = CliRun.of("snapshot", "list", "--config", config, "vm1");
        assertEquals(0, r.exit());
        assertEquals("pool vm1 has no snapshots\n", r.out());
    }

    @Test
    void snapshotListJsonPrintsTheServersArray() throws Exception {
        CliRun.of("snapshot", "create", "--config", config, "vm1", "a");
        CliRun r = CliRun.of("snapshot", "list", "--config", config, "vm1", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode list = AdminJson.mapper().readTree(r.out());
        assertEquals(1, list.size());
        assertEquals("a", list.get(0).get("name").asText());
        assertEquals("2026-11-25T12:00:00Z", list.get(0).get("created").asText());
        assertTrue(r.out().endsWith("]\n"));
    }

    @Test
    void snapshotDeleteDeletes() {
        CliRun.of("snapshot", "create", "--config", config, "vm1", "a");
        CliRun r = CliRun.of("snapshot", "delete", "--config", config, "vm1", "a");
        assertEquals(0, r.exit(), r.err());
        assertEquals("deleted snapshot a of pool vm1\n", r.out());
        assertEquals("pool vm1 has no snapshots\n", CliRun.of("snapshot", "list", "--config", config, "vm1").out());
    }

    @Test
    void deletingAnExportedSnapshotExits1WithOneLineNamingTheLun() {
        CliRun.of("snapshot", "create", "--config", config, "vm1", "a");
        CliRun.of("lun", "add", "--config", config, IQN, "3", "--pool", "vm1", "--snapshot", "a");
        CliRun r = CliRun.of("snapshot", "delete", "--config", config, "vm1", "a");
        assertEquals(ExitCodes.REFUSED, r.exit());
        assertEquals("", r.out());
        assertEquals("snaptarget: snapshot a is exported as LUN " + IQN + "/3; remove the LUN first\n", r.err());
    }

    @Test
    void refusalsFromTheServerExit1WithItsMessage() {
        CliRun r = CliRun.of("snapshot", "list", "--config", config, "nope");
        assertEquals(ExitCodes.REFUSED, r.exit());
        assertEquals("snaptarget: no pool nope\n", r.err());
        CliRun.of("snapshot", "create", "--config", config, "vm1", "a");
        CliRun dup = CliRun.of("snapshot", "create", "--config", config, "vm1", "a");
        assertEquals(ExitCodes.REFUSED, dup.exit());
        assertEquals("snaptarget: pool vm1 already has a snapshot a\n", dup.err());
    }

    @Test
    void lunAddPrintsTheLunAndLunRemoveRemovesIt() {
        CliRun add = CliRun.of("lun", "add", "--config", config, IQN, "5", "--pool", "vm1", "--read-only");
        assertEquals(0, add.exit(), add.err());
        assertTrue(add.out().startsWith("added LUN 5 to " + IQN + ": pool vm1 origin (read-only, NAA 6"), add.out());
        CliRun remove = CliRun.of("lun", "remove", "--config", config, IQN, "5");
        assertEquals(0, remove.exit(), remove.err());
        assertEquals("removed LUN 5 from " + IQN + "\n", remove.out());
        CliRun again = CliRun.of("lun", "remove", "--config", config, IQN, "5");
        assertEquals(ExitCodes.REFUSED, again.exit());
        assertEquals("snaptarget: target " + IQN + " has no LUN 5\n", again.err());
    }

    @Test
    void targetNamesWithUnusualCharactersSurviveTheTrip() throws Exception {
        String odd = "iqn.2026-11.org.snaptarget:a+b c%2F";
        operations.target(odd);
        CliRun add = CliRun.of("lun", "add", "--config", config, odd, "1", "--pool", "vm1");
        assertEquals(0, add.exit(), add.err());
        assertTrue(add.out().contains(odd), add.out());
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        CliRun r = CliRun.of("lun", "add", "--config", config, IQN, "5");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertEquals("snaptarget: Missing required option: '--pool=P' (see: snaptarget lun add --help)\n", r.err());
        assertEquals(ExitCodes.USAGE, CliRun.of("snapshot", "list", "vm1").exit(), "--config is required");
        assertEquals(ExitCodes.USAGE, CliRun.of("lun", "remove", "--config", config, IQN, "x").exit());
    }

    @Test
    void statusPrintsPoolsLunsAndSessions() {
        CliRun.of("lun", "add", "--config", config, IQN, "0", "--pool", "vm1");
        CliRun r = CliRun.of("status", "--config", config);
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                Pools
                POOL   ORIGIN    STORE       USED     FREE  USE  WARN AT  SNAPSHOTS  SWEEP BACKLOG  LONGEST PAUSE  STATE
                vm1   1.0 GiB  2.0 GiB  768.0 MiB  1.3 GiB  38%      80%          0            0 B              -  ok

                LUNs
                TARGET                          LUN  POOL  EXPORTS  MODE  NAA                               SERIAL
                iqn.2026-11.org.snaptarget:vm1    0  vm1   origin   rw    600000000001c85a0000000000000001  ST0

                Sessions
                INITIATOR                        ISID          TARGET                          ADDRESS          TSIH  TYPE
                iqn.1993-08.org.debian:01:host1  400001370000  iqn.2026-11.org.snaptarget:vm1  127.0.0.1:40000     1  Normal
                """, r.out());
    }

    @Test
    void statusShowsTheLongestWritePauseOnceSnapshotsWereTaken() {
        CliRun.of("snapshot", "create", "--config", config, "vm1", "a");
        CliRun r = CliRun.of("status", "--config", config);
        assertEquals(0, r.exit(), r.err());
        String poolRow = r.out().lines().filter(l -> l.startsWith("vm1 ")).findFirst().orElseThrow();
        assertTrue(poolRow.contains("2.0 ms, 1 commit "), poolRow);
    }

    @Test
    void statusJsonPrintsTheServersObject() throws Exception {
        CliRun r = CliRun.of("status", "--config", config, "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode s = AdminJson.mapper().readTree(r.out());
        assertEquals("vm1", s.get("pools").get(0).get("name").asText());
        assertEquals(42, s.get("pools").get(0).get("exceptionEntries").asLong());
    }

    @Test
    void anIpv6LoopbackEndpointIsReachable(@TempDir Path other) throws Exception {
        Path data = Files.createDirectories(other.resolve("data"));
        try (AdminServer v6 = AdminServer.start(new InetSocketAddress("::1", 0), data, operations)) {
            Path file = CliRun.config(other, v6.address().getPort());
            Files.writeString(file, Files.readString(file).replace("\"127.0.0.1:", "\"[::1]:"));
            CliRun r = CliRun.of("snapshot", "list", "--config", file.toString(), "vm1");
            assertEquals(0, r.exit(), r.err());
            assertEquals("pool vm1 has no snapshots\n", r.out());
        }
    }

    @Test
    void aStoppedServerIsUnreachableExit3() {
        server.close();
        CliRun r = CliRun.of("status", "--config", config);
        assertEquals(ExitCodes.UNREACHABLE, r.exit());
        assertTrue(r.err().startsWith("snaptarget: no admin token at "), r.err());
        assertTrue(r.err().endsWith("is the server running (snaptarget serve --config " + config + ")?\n"), r.err());
    }

    @Test
    void nothingListeningIsUnreachableExit3() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String elsewhere = CliRun.config(dir, port).toString();
        CliRun r = CliRun.of("snapshot", "list", "--config", elsewhere, "vm1");
        assertEquals(ExitCodes.UNREACHABLE, r.exit());
        assertTrue(r.err().startsWith("snaptarget: cannot reach the admin endpoint at http://127.0.0.1:" + port),
                r.err());
        assertEquals(1, r.err().lines().count(), "one line");
    }

    @Test
    void aServerStillStartingIsWaitedForAndItsFreshTokenUsed(@TempDir Path other) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createDirectories(other.resolve("data"));
        Files.writeString(data.resolve("admin.token"), "f".repeat(64) + "\n");
        String starting = CliRun.config(other, port).toString();
        var result = new java.util.concurrent.CompletableFuture<CliRun>();
        Thread client = new Thread(() -> result.complete(CliRun.of("snapshot", "list", "--config", starting, "vm1")));
        client.start();
        Thread.sleep(500);
        try (AdminServer late = AdminServer.start(new InetSocketAddress("127.0.0.1", port), data, operations)) {
            CliRun r = result.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, r.exit(), r.err());
            assertEquals("pool vm1 has no snapshots\n", r.out());
        }
    }

    @Test
    void aStaleTokenIsRefusedExit1() throws Exception {
        Files.writeString(dir.resolve("data/admin.token"), "0".repeat(64) + "\n");
        CliRun r = CliRun.of("status", "--config", config);
        assertEquals(ExitCodes.REFUSED, r.exit());
        assertTrue(r.err().startsWith("snaptarget: the server at http://127.0.0.1:"), r.err());
        assertTrue(r.err().contains("refused the token in"), r.err());
    }

    @Test
    void anInvalidConfigurationIsAUsageErrorQuotingTheFirstProblem() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "dataDir: data\nadmin: { listen: \"127.0.0.1:3280\" }\nbogus: 1\n");
        CliRun r = CliRun.of("status", "--config", bad.toString());
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().startsWith("snaptarget: " + bad + " is not valid ("), r.err());
        assertTrue(r.err().contains("run: snaptarget check-config " + bad), r.err());
        CliRun missing = CliRun.of("status", "--config", dir.resolve("none.yaml").toString());
        assertEquals(ExitCodes.USAGE, missing.exit());
        assertEquals("snaptarget: cannot read " + dir.resolve("none.yaml") + ": no such file\n", missing.err());
    }
}
