package org.snaptarget.cli;

import java.io.PrintWriter;

/**
 * Why a client command stopped, with the exit code it ends with ({@link ExitCodes}). The message
 * is one line meant for an operator: it names what was wrong and, where it helps, what to do.
 */
public final class ClientFailure extends Exception {

    private final int exitCode;

    public ClientFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public ClientFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Prints {@code snaptarget: <message>} to {@code err} and returns the exit code. */
    public int report(PrintWriter err) {
        err.println("snaptarget: " + getMessage());
        err.flush();
        return exitCode;
    }
}
