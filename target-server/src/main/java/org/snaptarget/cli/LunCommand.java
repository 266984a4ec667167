package org.snaptarget.cli;

import org.snaptarget.admin.LunView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * {@code snaptarget lun add|remove}: LUNs of a running server's targets, through the admin
 * endpoint. Connected hosts see REPORTED LUNS DATA HAS CHANGED. The argument shapes are fixed by
 * issue 5.
 */
@Command(name = "lun", mixinStandardHelpOptions = true,
        description = "Add and remove LUNs of a running server's targets.",
        subcommands = {LunCommand.Add.class, LunCommand.Remove.class})
public final class LunCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code lun add TARGET LUN --pool P [--snapshot S] [--read-only]}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Export the pool's origin, or snapshot S, as LUN number LUN of TARGET.")
    static final class Add extends ClientCommand {

        @Parameters(index = "0", paramLabel = "TARGET", description = "The target's iSCSI name.")
        String target;

        @Parameters(index = "1", paramLabel = "LUN", description = "LUN number, 0..16383.")
        int lun;

        @Option(names = "--pool", paramLabel = "P", required = true, description = "The pool.")
        String pool;

        @Option(names = "--snapshot", paramLabel = "S", description = "Export this snapshot instead of the origin.")
        String snapshot;

        @Option(names = "--read-only", description = "Export it write-protected.")
        boolean readOnly;

        @Override
        void execute(AdminClient client, PrintWriter out) throws ClientFailure {
            LunView l = client.addLun(target, lun, pool, snapshot, readOnly);
            out.println("added LUN " + l.lun() + " to " + l.target() + ": pool " + l.pool() + " "
                    + (l.snapshot() == null ? "origin" : "snapshot " + l.snapshot()) + " ("
                    + (l.readOnly() ? "read-only" : "read-write") + ", NAA " + l.naa() + ", serial " + l.serial() + ")");
        }
    }

    /** {@code lun remove TARGET LUN}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Stop exporting LUN number LUN of TARGET.")
    static final class Remove extends ClientCommand {

        @Parameters(index = "0", paramLabel = "TARGET", description = "The target's iSCSI name.")
        String target;

        @Parameters(index = "1", paramLabel = "LUN", description = "LUN number.")
        int lun;

        @Override
        void execute(AdminClient client, PrintWriter out) throws ClientFailure {
            client.removeLun(target, lun);
            out.println("removed LUN " + lun + " from " + target);
        }
    }
}
