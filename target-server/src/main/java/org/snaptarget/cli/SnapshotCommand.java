package org.snaptarget.cli;

import org.snaptarget.admin.SnapshotView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * {@code snaptarget snapshot create|list|delete}: snapshots of a running server's pools, through
 * the admin endpoint. The argument shapes are fixed by issue 5 — scripts outside the project use
 * them.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Create, list and delete snapshots of a running server's pools.",
        subcommands = {SnapshotCommand.Create.class, SnapshotCommand.Listing.class, SnapshotCommand.Delete.class})
public final class SnapshotCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code snapshot create POOL NAME [--of SNAP] [--read-only]}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Take a snapshot of the pool's origin, or of snapshot SNAP.")
    static final class Create extends ClientCommand {

        @Parameters(index = "0", paramLabel = "POOL")
        String pool;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Option(names = "--of", paramLabel = "SNAP", description = "Snapshot this snapshot instead of the origin.")
        String of;

        @Option(names = "--read-only", description = "Make the snapshot read-only.")
        boolean readOnly;

        @Override
        void execute(AdminClient client, PrintWriter out) throws ClientFailure {
            SnapshotView s = client.createSnapshot(pool, name, of, readOnly);
            out.println("created snapshot " + s.name() + " of " + (s.parent() == null ? "the origin" : s.parent())
                    + " in pool " + s.pool() + " (" + (s.readOnly() ? "read-only" : "writable") + ", id " + s.id()
                    + ", " + SnapshotListing.CREATED.format(s.created()) + ")");
        }
    }

    /** {@code snapshot list POOL [--json]}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the pool's snapshots: parent, creation time, read-only, exported LUNs, exclusive space.")
    static final class Listing extends ClientCommand {

        @Parameters(index = "0", paramLabel = "POOL")
        String pool;

        @Option(names = "--json", description = "Print the server's JSON array instead of a table.")
        boolean json;

        @Override
        void execute(AdminClient client, PrintWriter out) throws ClientFailure {
            if (json) {
                out.print(line(client.listSnapshotsJson(pool)));
            } else {
                out.print(SnapshotListing.render(pool, client.listSnapshots(pool)));
            }
        }
    }

    /** {@code snapshot delete POOL NAME}. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a snapshot (refused while it is exported as a LUN).")
    static final class Delete extends ClientCommand {

        @Parameters(index = "0", paramLabel = "POOL")
        String pool;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        void execute(AdminClient client, PrintWriter out) throws ClientFailure {
            client.deleteSnapshot(pool, name);
            out.println("deleted snapshot " + name + " of pool " + pool);
        }
    }
}
