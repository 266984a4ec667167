package org.snaptarget.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SnapTargetCli#commandLine(String...)} registers only the subcommand a command line names. */
class SubcommandRegistrationTest {

    @Test
    void everySubcommandIsRegisteredUnderItsOwnCommandName() {
        for (var entry : SnapTargetCli.SUBCOMMANDS.entrySet()) {
            Object command = entry.getValue().get();
            assertEquals(entry.getKey(), command.getClass().getAnnotation(Command.class).name());
        }
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertEquals(Set.of("snapshot"), SnapTargetCli.commandLine("snapshot", "create", "p", "n").getSubcommands().keySet());
        assertEquals(List.of("serve", "snapshot", "lun", "status", "fsck", "check-config"),
                List.copyOf(SnapTargetCli.commandLine("--help").getSubcommands().keySet()));
        assertEquals(6, SnapTargetCli.commandLine().getSubcommands().size());
        assertEquals(6, SnapTargetCli.commandLine("bogus").getSubcommands().size());
    }

    @Test
    void topLevelHelpAndUnknownCommandsStillNameEverySubcommand() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exit());
        for (String name : SnapTargetCli.SUBCOMMANDS.keySet()) {
            assertTrue(help.out().contains("  " + name + " "), name + " in\n" + help.out());
        }
        CliRun unknown = CliRun.of("snapshots", "list");
        assertEquals(ExitCodes.USAGE, unknown.exit());
        assertTrue(unknown.err().startsWith("snaptarget: Unmatched arguments from index 0: 'snapshots', 'list'"),
                unknown.err());
    }

    @Test
    void aSubcommandsHelpIsTheSameAsWithEverySubcommandRegistered() {
        CommandLine all = SnapTargetCli.commandLine();
        String expected = all.getSubcommands().get("snapshot").getSubcommands().get("create").getUsageMessage();
        CliRun lazy = CliRun.of("snapshot", "create", "--help");
        assertEquals(0, lazy.exit());
        assertEquals(expected, lazy.out());
    }
}
