package org.snaptarget.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * A command that talks to the running server: it takes {@code --config FILE}, finds the admin
 * endpoint and token from it ({@link AdminEndpoint}), does its one request through an
 * {@link AdminClient}, prints the outcome to standard output and returns {@link ExitCodes#OK}; a
 * {@link ClientFailure} becomes one line {@code snaptarget: <message>} on standard error and its
 * exit code.
 */
abstract class ClientCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "The server's configuration file (names admin.listen and dataDir).")
    Path configFile;

    @Spec
    CommandSpec spec;

    /** Does the command's work; prints to {@code out}. */
    abstract void execute(AdminClient client, PrintWriter out) throws ClientFailure;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (AdminClient client = new AdminClient(AdminEndpoint.fromConfig(configFile))) {
            execute(client, out);
            out.flush();
            return ExitCodes.OK;
        } catch (ClientFailure failure) {
            out.flush();
            return failure.report(spec.commandLine().getErr());
        }
    }

    /** {@code text} as printed: with exactly one newline at its end. */
    static String line(String text) {
        return text.endsWith("\n") ? text : text + "\n";
    }
}
