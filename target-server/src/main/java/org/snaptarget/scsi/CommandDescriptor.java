package org.snaptarget.scsi;

import java.util.Objects;
import java.util.Set;

/**
 * One row of the command table: what a command is and how to run it (the model is tgt's and LIO's
 * opcode descriptors). The usage map has one byte per CDB byte with a bit set for every CDB bit
 * the command defines (SPC-4 §6.35.3 CDB USAGE DATA); it both drives the reserved-bit check and is
 * what REPORT SUPPORTED OPERATION CODES returns. Its length is the CDB length.
 *
 * @param name           the command's name as the standard spells it, e.g. "READ(10)"
 * @param opcode         operation code
 * @param serviceAction  service action, or -1 for a command without one
 * @param usage          CDB usage map; {@code usage[0]} is the opcode (0xFF)
 * @param direction      data direction
 * @param execution      inline or on the storage executor
 * @param access         how the command touches the medium (reservations, read-only LUs)
 * @param flags          admission properties
 * @param handler        the code that runs it
 */
public record CommandDescriptor(String name, int opcode, int serviceAction, byte[] usage, DataDirection direction,
                                Execution execution, MediumAccess access, Set<CommandFlag> flags,
                                CommandHandler handler) {

    /** Marker for {@link #serviceAction()} when the command has none. */
    public static final int NO_SERVICE_ACTION = -1;

    public CommandDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, name);
        if (usage.length < 6 || (usage[0] & 0xFF) != 0xFF) {
            throw new IllegalArgumentException(name + ": usage map must cover the CDB and start with FFh");
        }
        flags = Set.copyOf(flags);
    }

    /** @return the CDB length in bytes */
    public int cdbLength() {
        return usage.length;
    }

    public boolean hasServiceAction() {
        return serviceAction != NO_SERVICE_ACTION;
    }

    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }

    /** Builds a usage map from one int per CDB byte. */
    public static byte[] usage(int... bytes) {
        byte[] map = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            map[i] = (byte) bytes[i];
        }
        return map;
    }
}
