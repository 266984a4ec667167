package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.snaptarget.e2e.harness.CommandResult;
import org.snaptarget.e2e.harness.ExternalCommand;
import org.snaptarget.e2e.harness.IscsiUrl;
import org.snaptarget.e2e.harness.QemuIo;
import org.snaptarget.e2e.harness.RequiredTool;

/**
 * One qemu-io session over qemu's iscsi driver running a list of {@code -c} commands, opened
 * read-write or, with {@code -r}, read-only: qemu refuses to open a write-protected LUN read-write,
 * so a read-only snapshot LUN is read this way. Verified as {@link QemuIo#verify} does: exit 0 and
 * no "failed" line (a {@code read -P} mismatch prints "Pattern verification failed").
 */
final class QemuSession {

    private QemuSession() {
    }

    static CommandResult readWrite(IscsiUrl url, String... commands) {
        return QemuIo.verify(command(url, false, commands).run());
    }

    static CommandResult readOnly(IscsiUrl url, String... commands) {
        return QemuIo.verify(command(url, true, commands).run());
    }

    /** Runs the commands and returns the result unverified (for expected failures). */
    static CommandResult attempt(IscsiUrl url, boolean readOnly, String... commands) {
        return command(url, readOnly, commands).run();
    }

    private static ExternalCommand command(IscsiUrl url, boolean readOnly, String... commands) {
        List<String> cmd = new ArrayList<>(List.of(RequiredTool.QEMU_IO.path(), "-f", "raw"));
        if (readOnly) {
            cmd.add("-r");
        }
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(url.toString());
        return ExternalCommand.of(cmd).timeout(Duration.ofSeconds(120));
    }

    static void requireFailure(CommandResult result, String why) {
        boolean complained = result.output().lines().anyMatch(l -> l.toLowerCase().contains("failed"));
        if (result.succeeded() && !complained) {
            fail(why + ": qemu-io succeeded\n" + result.describe());
        }
    }
}
