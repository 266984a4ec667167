package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.e2e.harness.TargetSpec.MIB;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.snaptarget.e2e.harness.CommandResult;
import org.snaptarget.e2e.harness.DroppingProxy;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.IscsiUrl;
import org.snaptarget.e2e.harness.QemuIo;
import org.snaptarget.e2e.harness.RequiredTool;
import org.snaptarget.e2e.harness.TargetSpec;
import org.snaptarget.e2e.harness.TargetUnderTest;

/**
 * A network blip in the middle of a write (issue 3, robustness): qemu-io writes 24 MiB through a
 * relay that resets the TCP connection after 6 MiB have gone to the target, part-way through a
 * Data-Out sequence. libiscsi logs in again (same initiator name and ISID, so the target must
 * reinstate the session, RFC 7143 §6.3.5) and reissues the unfinished commands; every write then
 * reads back verified, in the same session and in a fresh one, and the target keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionDropTest {

    private TargetUnderTest target;

    @BeforeAll
    void startTarget() {
        RequiredTool.requireQemuIscsiDriver();
        target = E2eEnvironment.selectedKind().start(TargetSpec.ofSize(64 * MIB), E2eEnvironment.scratchDir("conn-drop"));
    }

    @AfterAll
    void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void writeInterruptedByAConnectionResetCompletesAfterReloginAndReadsBackVerified() {
        List<String> writes = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            writes.add(String.format("write -P 0x%02x %dM 1M", 0x20 + i, 8 + i));
        }
        List<String> reads = writes.stream().map(w -> w.replace("write", "read")).toList();
        List<String> commands = new ArrayList<>(writes);
        commands.addAll(reads);

        try (DroppingProxy proxy = new DroppingProxy(target.port(), 6 * MIB + 777)) {
            IscsiUrl viaProxy = IscsiUrl.of("127.0.0.1", proxy.port(), TargetUnderTest.IQN, target.lun());
            CommandResult run = QemuIo.command(viaProxy, commands).run();

            assertTrue(proxy.dropped(), "the relay never dropped the connection: the test proved nothing");
            assertTrue(proxy.connections() >= 2, () -> "the initiator did not log in again: " + run.describe());
            QemuIo.verify(run);
        }
        QemuIo.runVerified(target.url(), reads);
    }
}
