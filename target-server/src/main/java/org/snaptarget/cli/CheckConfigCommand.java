package org.snaptarget.cli;

import org.snaptarget.config.CheckConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code snaptarget check-config FILE}: validates a configuration without starting anything and
 * prints every problem as {@code file:line:column: message} ({@link CheckConfig}). Exit 0 valid,
 * 1 errors found, 2 unreadable file.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Check a configuration file and print every error with its line and column.")
public final class CheckConfigCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            code = CheckConfig.run(file, out);
        }
        spec.commandLine().getOut().print(buffer.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        return code;
    }
}
