package org.snaptarget.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code snaptarget} command line (the shaded jar's main class). Subcommands do the work;
 * {@code snaptarget serve} runs the iSCSI target; {@code snapshot}, {@code lun} and {@code status}
 * talk to a running server's admin endpoint; {@code fsck} and {@code check-config} work offline.
 * Exit codes of the client commands: {@link ExitCodes}.
 */
@Command(name = "snaptarget", mixinStandardHelpOptions = true, version = "SnapTarget 0.1.0",
        description = "An iSCSI target whose LUNs are an origin volume or its snapshots.",
        subcommands = {ServeCommand.class, SnapshotCommand.class, LunCommand.class, StatusCommand.class,
                FsckCommand.class, CheckConfigCommand.class})
public final class SnapTargetCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also for tests). */
    public static CommandLine commandLine() {
        return new CommandLine(new SnapTargetCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(SnapTargetCli::usageError);
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
