package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.e2e.harness.CommandResult;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.ExternalCommand;
import org.snaptarget.e2e.harness.IscsiInq;
import org.snaptarget.e2e.harness.RequiredTool;

/**
 * Issue 5, "What it must show" item 4: what a host relies on survives a restart of the server,
 * both an orderly one (SIGTERM) and a crash (SIGKILL): the LUN numbers SendTargets discovery and
 * REPORT LUNS show, each LUN's device identification (VPD 83h, SPC-4 §7.8.6: the NAA designator)
 * and unit serial number (VPD 80h, SPC-4 §7.8.19), the snapshots and their data, and LUNs added at
 * run time through the CLI. A snapshot whose {@code snapshot create} returned before the SIGKILL
 * is there after it.
 *
 * A persistent reservation (SPC-4 §5.13) taken by the Linux kernel initiator with APTPL
 * (sg_persist carried into the linux-initiator VM, {@link SgToolsInVm}) is read back, key and
 * type, after each restart, and still refuses a write from qemu-io, which is not registered.
 */
class RestartE2ETest {

    private static final String IQN = ConfiguredServer.IQN;
    private static final String POOL = ConfiguredServer.POOL;
    private static final Pattern LUN_LINE = Pattern.compile("^\\s*Lun:(\\d+)\\s", Pattern.MULTILINE);
    private static final String PR_KEY = "0x5e1f";
    /** The writable snapshot's runtime LUN carries the reservation (type 5: Write Exclusive, Registrants Only). */
    private static final int PR_LUN = 5;
    private static final String PR_READ = """
            echo PR-KEYS
            LD_LIBRARY_PATH=/tmp/sg /tmp/sg/sg_persist -n --in --read-keys $DEV
            echo PR-RESERVATION
            LD_LIBRARY_PATH=/tmp/sg /tmp/sg/sg_persist -n --in --read-reservation $DEV
            echo PR-END
            """;
    private ConfiguredServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** What a host sees of the target: per LUN number, its VPD 83h and VPD 80h pages as printed. */
    private record HostView(Map<Integer, String> identification, Map<Integer, String> serials) {
    }

    @Test
    void identitiesSnapshotsAndRuntimeLunsSurviveSigtermAndSigkill() throws IOException {
        long begin = System.nanoTime();
        RequiredTool.requireQemuIscsiDriver();
        Path dir = E2eEnvironment.scratchDir("restart");
        server = ConfiguredServer.start(dir, "32MiB", "128MiB", "64KiB");
        SnaptargetCli cli = new SnaptargetCli(server.config());

        QemuSession.readWrite(server.url(0), "write -P 0x11 0 512k");
        cli.ok("snapshot", "create", POOL, "r1", "--read-only");
        QemuSession.readWrite(server.url(0), "write -P 0x22 0 512k");
        cli.ok("snapshot", "create", POOL, "r2");
        cli.ok("lun", "add", IQN, "1", "--pool", POOL, "--snapshot", "r1", "--read-only");
        cli.ok("lun", "add", IQN, "5", "--pool", POOL, "--snapshot", "r2");
        QemuSession.readWrite(server.url(5), "write -P 0x55 1M 64k");

        HostView first = hostView();
        assertEquals(new TreeSet<>(List.of(0, 1, 5)), first.identification().keySet(), "LUNs before any restart");
        assertEquals(3, new TreeSet<>(first.identification().values()).size(),
                () -> "every LUN has its own device identification: " + first);
        assertEquals(3, new TreeSet<>(first.serials().values()).size(), () -> "every LUN has its own serial: " + first);
        first.identification().values().forEach(page -> assertTrue(page.toUpperCase().contains("NAA"),
                () -> "VPD 83h carries an NAA designator:\n" + page));
        Map<String, JsonNode> snapshotsBefore = SnapshotLifecycleE2ETest.listJson(cli);
        KernelScenario.runPassing(server, PR_LUN, dir, "pr-register", SgToolsInVm.unpackScript("sg_persist") + """
                LD_LIBRARY_PATH=/tmp/sg /tmp/sg/sg_persist -n --out --register --param-sark=%s --param-aptpl $DEV
                LD_LIBRARY_PATH=/tmp/sg /tmp/sg/sg_persist -n --out --reserve --param-rk=%s --prout-type=5 $DEV
                """.formatted(PR_KEY, PR_KEY) + PR_READ);

        server.restart();
        assertTrue(server.stoppedCleanly(), () -> "SIGTERM: exit " + server.lastExitCode() + "\n" + server.logTail(20));
        assertEquals(first, hostView(), "LUN numbers, VPD 83h and VPD 80h after a SIGTERM restart");
        assertSameSnapshots(snapshotsBefore, SnapshotLifecycleE2ETest.listJson(cli), "SIGTERM restart");
        verifyData();
        assertReservationKept(dir, "SIGTERM restart");

        QemuSession.readWrite(server.url(0), "write -P 0x33 0 512k");
        cli.ok("snapshot", "create", POOL, "r3", "--read-only");
        cli.ok("lun", "add", IQN, "7", "--pool", POOL, "--snapshot", "r3", "--read-only");
        HostView beforeKill = hostView();
        assertEquals(new TreeSet<>(List.of(0, 1, 5, 7)), beforeKill.identification().keySet());
        Map<String, JsonNode> snapshotsBeforeKill = SnapshotLifecycleE2ETest.listJson(cli);

        server.killAndRestart();
        assertEquals(beforeKill, hostView(), "LUN numbers, VPD 83h and VPD 80h after a SIGKILL restart");
        assertEquals(first.identification().get(1), beforeKill.identification().get(1));
        assertSameSnapshots(snapshotsBeforeKill, SnapshotLifecycleE2ETest.listJson(cli), "SIGKILL restart");
        verifyData();
        QemuSession.readOnly(server.url(7), "read -P 0x33 0 512k");
        QemuSession.readWrite(server.url(0), "read -P 0x33 0 512k");
        assertReservationKept(dir, "SIGKILL restart");

        server.stop();
        CommandResult fsck = cli.ok("fsck", POOL);
        assertTrue(fsck.stdout().contains("pool " + POOL + ": clean"), fsck::describe);
        System.out.printf("[e2e-snap] RestartE2ETest took %.1f s%n", (System.nanoTime() - begin) / 1e9);
    }

    private void assertReservationKept(Path dir, String when) {
        String console = KernelScenario.runPassing(server, PR_LUN, dir, "pr-read-" + when.replace(' ', '-'),
                SgToolsInVm.unpackScript("sg_persist") + PR_READ);
        int keys = console.indexOf("PR-KEYS");
        int reservation = console.indexOf("PR-RESERVATION");
        int end = console.indexOf("PR-END");
        assertTrue(keys >= 0 && reservation > keys && end > reservation, () -> "no PR output:\n" + console);
        String keyList = console.substring(keys, reservation);
        String held = console.substring(reservation, end);
        System.out.println("[e2e-snap] persistent reservation after the " + when + ":\n" + keyList + held);
        assertTrue(keyList.contains("1 registered reservation key") && keyList.contains(PR_KEY),
                () -> "the APTPL registration must survive the " + when + ":\n" + keyList);
        assertTrue(held.contains("Key=" + PR_KEY) && held.contains("Write Exclusive, registrants only"),
                () -> "the APTPL reservation must survive the " + when + ":\n" + held);
        QemuSession.requireFailure(QemuSession.attempt(server.url(PR_LUN), false, "write -P 0x66 2M 4k"),
                "after the " + when + " the reservation must still refuse a write from an unregistered initiator");
    }

    private void verifyData() {
        QemuSession.readOnly(server.url(1), "read -P 0x11 0 512k");
        QemuSession.readWrite(server.url(5), "read -P 0x22 0 512k", "read -P 0x55 1M 64k");
    }

    private static void assertSameSnapshots(Map<String, JsonNode> before, Map<String, JsonNode> after, String when) {
        assertEquals(before.keySet(), after.keySet(), "snapshot names after the " + when);
        for (String name : before.keySet()) {
            for (String field : List.of("id", "parent", "created", "readOnly", "exportedAs")) {
                assertEquals(before.get(name).get(field), after.get(name).get(field),
                        "snapshot " + name + " field " + field + " after the " + when);
            }
        }
    }

    private HostView hostView() {
        CommandResult ls = ExternalCommand.of(RequiredTool.ISCSI_LS.path(), "-s", server.url(0).portal()).run();
        assertTrue(ls.succeeded(), ls::describe);
        Map<Integer, String> identification = new TreeMap<>();
        Map<Integer, String> serials = new TreeMap<>();
        Matcher m = LUN_LINE.matcher(ls.stdout());
        while (m.find()) {
            int lun = Integer.parseInt(m.group(1));
            identification.put(lun, IscsiInq.vpd(server.url(lun), 0x83).toString());
            serials.put(lun, IscsiInq.vpd(server.url(lun), 0x80).toString());
        }
        assertNotEquals(0, identification.size(), () -> "discovery lists no LUN:\n" + ls.stdout());
        return new HostView(identification, serials);
    }
}
