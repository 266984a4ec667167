package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.snaptarget.e2e.harness.CommandResult;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.ExternalCommand;

/**
 * A linux-initiator scenario against a {@link ConfiguredServer}'s target and a LUN of it (the
 * harness's LinuxInitiator knows only the embedded default target's name). Passing means the
 * tool's verdict line is {@code LINUX-INITIATOR: PASS} and it exited 0; the console output is
 * returned for the test to read what the scenario printed.
 */
final class KernelScenario {

    private KernelScenario() {
    }

    static String runPassing(ConfiguredServer server, int lun, Path dir, String name, String script) {
        Path scenario = dir.resolve(name + ".sh");
        try {
            Files.writeString(scenario, script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path tool = E2eEnvironment.linuxInitiatorDir().resolve("run");
        CommandResult result = ExternalCommand.of(List.of(tool.toString(), "--port", Integer.toString(server.port()),
                "--iqn", ConfiguredServer.IQN, "--lun", Integer.toString(lun), "--timeout", "200", scenario.toString()))
                .timeout(Duration.ofSeconds(240)).run();
        boolean passed = result.succeeded() && result.stdout().lines().anyMatch(l -> l.startsWith("LINUX-INITIATOR: PASS"));
        if (!passed) {
            fail("kernel scenario " + name + " failed: " + result.describe() + "\n--- SnapTarget log ---\n"
                 + server.logTail(30));
        }
        return result.stdout();
    }
}
