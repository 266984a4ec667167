package org.snaptarget.e2e.harness;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Linux kernel iSCSI initiator, through the shared linux-initiator tool: it boots a small VM
 * with open-iscsi, logs in to a target on this machine's loopback and runs a scenario script on
 * the disk. The tool prints one verdict line, {@code LINUX-INITIATOR: PASS} or
 * {@code LINUX-INITIATOR: FAIL <reason>}, and exits 0 only on PASS; both must agree here.
 */
public final class LinuxInitiator {

    private static final Duration LIMIT = Duration.ofSeconds(300);

    private LinuxInitiator() {
    }

    /** A shipped scenario, e.g. "smoke.sh" or "readonly.sh". */
    public static Path shippedScenario(String name) {
        Path scenario = toolDir().resolve("scenarios").resolve(name);
        if (!Files.isRegularFile(scenario)) {
            fail("linux-initiator scenario " + scenario + " is missing");
        }
        return scenario;
    }

    /**
     * Runs {@code scenario} against {@code target}'s disk LUN. {@code chap} overrides the
     * credentials the initiator sends (empty: the target spec's own, if any); {@code extraArgs}
     * go to the tool as they are (--param ..., --expect-login-failure).
     */
    public static Verdict run(TargetUnderTest target, Path scenario, Optional<ChapCredentials> chap,
                              List<String> extraArgs) {
        List<String> cmd = new ArrayList<>(List.of(toolDir().resolve("run").toString(),
                "--port", Integer.toString(target.port()), "--iqn", TargetUnderTest.IQN,
                "--lun", Integer.toString(target.lun()), "--timeout", Long.toString(LIMIT.toSeconds() - 10)));
        Optional<ChapCredentials> sent = chap.isPresent() ? chap : target.spec().chap();
        sent.ifPresent(c -> cmd.addAll(List.of("--user", c.user(), "--secret", c.secret())));
        target.spec().targetChap().ifPresent(c -> cmd.addAll(List.of("--user-in", c.user(), "--secret-in", c.secret())));
        cmd.addAll(extraArgs);
        cmd.add(scenario.toString());
        CommandResult result = ExternalCommand.of(cmd).timeout(LIMIT).run();
        String verdict = result.stdout().lines().filter(l -> l.startsWith("LINUX-INITIATOR:"))
                .reduce((a, b) -> b).orElse("(no verdict line)");
        return new Verdict(verdict, result);
    }

    /** The tool's verdict line and the whole run. */
    public record Verdict(String line, CommandResult result) {
        public boolean passed() {
            return line.startsWith("LINUX-INITIATOR: PASS") && result.succeeded();
        }

        /** A failure message with the verdict, the console tail the tool printed, and the target's log. */
        public String explain(TargetUnderTest target) {
            return line + "\n" + result.describe() + "\n--- " + target.name() + " log (tail) ---\n"
                   + target.logTail(40);
        }
    }

    private static Path toolDir() {
        Path dir = E2eEnvironment.linuxInitiatorDir();
        if (!Files.isExecutable(dir.resolve("run"))) {
            fail("the linux-initiator tool is missing (looked for " + dir.resolve("run")
                 + "): it lives in ../shared/tools/linux-initiator next to the repository");
        }
        return dir;
    }
}
