package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.snaptarget.e2e.harness.CommandResult;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.ExternalCommand;

/**
 * The {@code snaptarget} client commands run as an administrator runs them: a separate
 * {@code java -jar snaptarget.jar ... --config FILE} process per command (target-server/ADMIN-API.md,
 * "Client commands"). {@link #ok} fails the test on a non-zero exit; {@link #attempt} returns the
 * result whatever the exit code, for refusals.
 */
final class SnaptargetCli {

    private final Path config;

    SnaptargetCli(Path config) {
        this.config = config;
    }

    CommandResult attempt(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ConfiguredServer.javaBinary(), "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", E2eEnvironment.serverJar().toString()));
        cmd.addAll(List.of(args));
        cmd.add("--config");
        cmd.add(config.toString());
        return ExternalCommand.of(cmd).timeout(Duration.ofSeconds(150)).run();
    }

    CommandResult ok(String... args) {
        CommandResult result = attempt(args);
        if (!result.succeeded()) {
            fail("snaptarget " + String.join(" ", args) + " failed: " + result.describe());
        }
        return result;
    }
}
