package org.snaptarget.server.runtime;

import java.util.List;

/**
 * The runtime could not start from its configuration: every problem found, each a complete message
 * (for configuration errors {@code file:line:column: message}, as {@code check-config} prints them).
 */
public final class StartupException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public StartupException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public StartupException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    public List<String> problems() {
        return problems;
    }
}
