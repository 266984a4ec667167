package org.snaptarget.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code snaptarget status [--json]}: sessions, LUNs, pool usage, snapshots and sweep backlog. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the running server: pools (usage, snapshots, sweep backlog), LUNs, sessions.")
public final class StatusCommand extends ClientCommand {

    @Option(names = "--json", description = "Print the server's JSON object instead of tables.")
    boolean json;

    @Override
    void execute(AdminClient client, PrintWriter out) throws ClientFailure {
        if (json) {
            out.print(line(client.statusJson()));
        } else {
            out.print(StatusReport.render(client.status()));
        }
    }
}
