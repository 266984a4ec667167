package org.snaptarget.cli;

/**
 * The exit codes of the client commands ({@code snapshot}, {@code lun}, {@code status},
 * {@code fsck}, {@code check-config}); scripts rely on them, so they are documented in
 * {@code target-server/ADMIN-API.md} and never change meaning.
 */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;
    /**
     * Refused: the server answered with an error (unknown pool, snapshot exported as a LUN, wrong
     * token, ...); {@code fsck} found problems; {@code check-config} found errors.
     */
    public static final int REFUSED = 1;
    /** Usage: bad arguments, or a configuration file that is missing or invalid. */
    public static final int USAGE = 2;
    /** The server is unreachable: nothing answers at {@code admin.listen}, or it left no token file. */
    public static final int UNREACHABLE = 3;
    /** {@code fsck} did not run: the server is running with this data directory. */
    public static final int SERVER_RUNNING = 4;

    private ExitCodes() {
    }
}
