package org.snaptarget.e2e.harness;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * qemu-io over qemu's iscsi block driver: a list of {@code -c} commands (write -P, read -P, ...)
 * in one session. A run passes only if qemu-io exits 0 and printed no "failed" line; a
 * {@code read -P} whose data differs prints "Pattern verification failed".
 */
public final class QemuIo {

    private QemuIo() {
    }

    /** The qemu-io command line for {@code commands} against {@code url}. */
    public static ExternalCommand command(IscsiUrl url, List<String> commands) {
        List<String> cmd = new ArrayList<>(List.of(RequiredTool.QEMU_IO.path(), "-f", "raw"));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(url.toString());
        return ExternalCommand.of(cmd).timeout(Duration.ofSeconds(120));
    }

    /**
     * qemu-io on {@code url} given as {@code --image-opts} with libiscsi's login trace on
     * (LIBISCSI_DEBUG=6 prints every key the target answers), so a test can check what was negotiated.
     */
    public static ExternalCommand tracedCommand(IscsiUrl url, List<String> commands) {
        List<String> cmd = new ArrayList<>(List.of(RequiredTool.QEMU_IO.path(), "--image-opts"));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(url.imageOpts());
        return ExternalCommand.of(cmd).env("LIBISCSI_DEBUG", "6").timeout(Duration.ofSeconds(120));
    }

    /** Runs the commands and fails the test unless every one succeeded and verified. */
    public static CommandResult runVerified(IscsiUrl url, List<String> commands) {
        return verify(command(url, commands).run());
    }

    /** Fails the test unless {@code result} is a clean qemu-io run. */
    public static CommandResult verify(CommandResult result) {
        boolean complained = result.output().lines().anyMatch(l -> l.toLowerCase().contains("failed"));
        if (!result.succeeded() || complained) {
            fail("qemu-io reported a failure: " + result.describe());
        }
        return result;
    }
}
