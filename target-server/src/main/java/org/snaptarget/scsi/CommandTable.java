package org.snaptarget.scsi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseReason;

/**
 * The dispatch table: 256 opcode slots, each empty, holding one descriptor, or holding a
 * service-action sub-table of 32 slots (for opcodes such as 9Eh SERVICE ACTION IN(16) or
 * A3h MAINTENANCE IN). Built once, then read-only and safe to share between threads.
 *
 * <p>{@link #lookup} implements the checks every command gets before its handler runs (SPC-4
 * §4.2.5): an empty slot is INVALID COMMAND OPERATION CODE (20h/00h); an empty service-action slot
 * is INVALID FIELD IN CDB pointing at the service action field; a CDB shorter than the command is
 * INVALID FIELD IN CDB pointing past its end; any set bit that the usage map does not allow is
 * INVALID FIELD IN CDB pointing at that byte and its highest offending bit.
 */
public final class CommandTable {

    private static final int SERVICE_ACTIONS = 32;

    private final CommandDescriptor[] plain = new CommandDescriptor[256];
    private final CommandDescriptor[][] serviceActions = new CommandDescriptor[256][];
    private final List<CommandDescriptor> all;

    /** @throws IllegalArgumentException when two descriptors claim the same slot, or an opcode mixes plain and service-action rows */
    public CommandTable(List<CommandDescriptor> descriptors) {
        for (CommandDescriptor d : descriptors) {
            int op = d.opcode() & 0xFF;
            if (d.hasServiceAction()) {
                if (plain[op] != null) {
                    throw new IllegalArgumentException(d.name() + ": opcode already has a plain descriptor");
                }
                if (serviceActions[op] == null) {
                    serviceActions[op] = new CommandDescriptor[SERVICE_ACTIONS];
                }
                if (serviceActions[op][d.serviceAction()] != null) {
                    throw new IllegalArgumentException(d.name() + ": duplicate service action");
                }
                serviceActions[op][d.serviceAction()] = d;
            } else {
                if (plain[op] != null || serviceActions[op] != null) {
                    throw new IllegalArgumentException(d.name() + ": duplicate opcode");
                }
                plain[op] = d;
            }
        }
        List<CommandDescriptor> sorted = new ArrayList<>(descriptors);
        sorted.sort(Comparator.comparingInt(CommandDescriptor::opcode).thenComparingInt(CommandDescriptor::serviceAction));
        this.all = Collections.unmodifiableList(sorted);
    }

    /**
     * Finds the descriptor for the CDB and checks the CDB against its usage map.
     *
     * @throws SenseException INVALID COMMAND OPERATION CODE or INVALID FIELD IN CDB as described above
     */
    public CommandDescriptor lookup(Cdb cdb) throws SenseException {
        CommandDescriptor d = find(cdb);
        checkUsage(cdb, d);
        return d;
    }

    /** Finds the descriptor without checking reserved bits. */
    public CommandDescriptor find(Cdb cdb) throws SenseException {
        int op = cdb.opcode();
        CommandDescriptor d = plain[op];
        if (d != null) {
            return d;
        }
        CommandDescriptor[] actions = serviceActions[op];
        if (actions == null) {
            throw SenseException.of(SenseReason.INVALID_COMMAND_OPERATION_CODE);
        }
        d = actions[cdb.serviceAction()];
        if (d == null) {
            throw SenseException.invalidCdbField(1, 4);
        }
        return d;
    }

    private static void checkUsage(Cdb cdb, CommandDescriptor d) throws SenseException {
        byte[] usage = d.usage();
        if (cdb.length() < usage.length) {
            throw SenseException.invalidCdbField(cdb.length());
        }
        for (int i = 1; i < usage.length; i++) {
            int bad = cdb.u8(i) & ~usage[i] & 0xFF;
            if (bad != 0) {
                throw SenseException.invalidCdbField(i, 31 - Integer.numberOfLeadingZeros(bad));
            }
        }
    }

    /** @return the descriptor for an opcode (and service action, or -1), if the table has one */
    public Optional<CommandDescriptor> descriptor(int opcode, int serviceAction) {
        int op = opcode & 0xFF;
        if (serviceAction < 0) {
            return Optional.ofNullable(plain[op]);
        }
        CommandDescriptor[] actions = serviceActions[op];
        return actions == null || serviceAction >= SERVICE_ACTIONS ? Optional.empty() : Optional.ofNullable(actions[serviceAction]);
    }

    /** @return whether the opcode's commands are distinguished by service action */
    public boolean usesServiceActions(int opcode) {
        return serviceActions[opcode & 0xFF] != null;
    }

    /** @return every descriptor, ordered by opcode then service action */
    public List<CommandDescriptor> all() {
        return all;
    }
}
