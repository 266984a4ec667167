package org.snaptarget.scsi;

import java.io.IOException;

import org.snaptarget.scsi.sense.SenseException;

/**
 * Executes one command whose CDB already passed the descriptor's usage-map check. A handler
 * runs to completion synchronously on whatever thread the dispatcher chose (see {@link Execution})
 * and returns the response; it never releases {@code dataOut} (the dispatcher does) and hands
 * ownership of any {@code dataIn} buffer it allocates to the response. On an error it releases
 * what it allocated and throws.
 */
@FunctionalInterface
public interface CommandHandler {

    /**
     * @throws SenseException for every CHECK CONDITION outcome
     * @throws IOException    when the medium fails; the dispatcher maps it to MEDIUM ERROR or to
     *                        SPACE ALLOCATION FAILED for {@link SpaceExhaustedException}
     */
    ScsiResponse execute(CommandContext context) throws SenseException, IOException;
}
