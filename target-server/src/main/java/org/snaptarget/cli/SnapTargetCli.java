package org.snaptarget.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code snaptarget} command line (the shaded jar's main class). Subcommands do the work;
 * {@code snaptarget serve} runs the iSCSI target; {@code snapshot}, {@code lun} and {@code status}
 * talk to a running server's admin endpoint; {@code fsck} and {@code check-config} work offline.
 * Exit codes of the client commands: {@link ExitCodes}.
 */
@Command(name = "snaptarget", mixinStandardHelpOptions = true, version = "SnapTarget 0.1.0",
        description = "An iSCSI target whose LUNs are an origin volume or its snapshots.")
public final class SnapTargetCli implements Runnable {

    /**
     * The subcommands, by name, in the order {@code --help} lists them. Each is built only when
     * needed: picocli reads a command's annotations when it is registered, and building all of
     * them (serve alone has a dozen options) cost a client command some 0.1 s of CPU.
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line with every subcommand. */
    public static CommandLine commandLine() {
        return configured(SUBCOMMANDS.keySet());
    }

    /**
     * The command line for {@code args}: when the first argument names a subcommand, only that one
     * is registered (what it parses and prints is the same as with all of them); otherwise all are,
     * for the top-level help and the error about an unknown command.
     */
    public static CommandLine commandLine(String... args) {
        return args.length > 0 && SUBCOMMANDS.containsKey(args[0]) ? configured(Set.of(args[0])) : commandLine();
    }

    private static CommandLine configured(Set<String> names) {
        CommandLine cli = new CommandLine(new SnapTargetCli());
        SUBCOMMANDS.forEach((name, command) -> {
            if (names.contains(name)) {
                cli.addSubcommand(name, command.get());
            }
        });
        return cli.setCaseInsensitiveEnumValuesAllowed(true).setParameterExceptionHandler(SnapTargetCli::usageError);
    }

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("serve", ServeCommand::new);
        all.put("snapshot", SnapshotCommand::new);
        all.put("lun", LunCommand::new);
        all.put("status", StatusCommand::new);
        all.put("fsck", FsckCommand::new);
        all.put("check-config", CheckConfigCommand::new);
        return Collections.unmodifiableMap(all);
    }

    /**
     * A usage error is one line, {@code snaptarget: <problem> (see: snaptarget <command> --help)}, and
     * exit code 2 ({@link ExitCodes#USAGE}), like every other client error.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("snaptarget: " + e.getMessage() + " (see: " + cmd.getCommandSpec().qualifiedName()
                + " --help)");
        cmd.getErr().flush();
        return ExitCodes.USAGE;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
