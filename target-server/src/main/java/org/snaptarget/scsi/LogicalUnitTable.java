package org.snaptarget.scsi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseFormat;
import org.snaptarget.scsi.sense.SenseReason;
import org.snaptarget.scsi.sense.SenseResponder;

/**
 * A SCSI target device made of a table of logical units, each a {@link BlockDevice} under a LUN
 * number; this is the class the transport instantiates:
 * <pre>{@code
 * ScsiTargetDevice device = new LogicalUnitTable(Map.of(0L, new FileBlockDevice(path, size)), executor);
 * }</pre>
 *
 * <p>It is also the dispatcher. For every command, in this order (SAM-5 §5.14, SPC-4 §4.6):
 * <ol>
 *   <li>a LUN that does not decode or has no LU answers LOGICAL UNIT NOT SUPPORTED (25h/00h) except
 *       for INQUIRY, REPORT LUNS and REQUEST SENSE, which are answered for it;</li>
 *   <li>the nexus is admitted to the LU (first contact queues POWER ON, RESET 29h/00h), and the
 *       oldest pending unit attention is reported unless the command is exempt;</li>
 *   <li>the opcode, service action and reserved bits are checked against the {@link CommandTable};</li>
 *   <li>a command that changes the medium is refused on a read-only LU (07h/27h/00h);</li>
 *   <li>a command that conflicts with an SPC-2 or persistent reservation gets RESERVATION CONFLICT
 *       status ({@link Reservations});</li>
 *   <li>inline commands run on the caller's thread; storage commands join the LU's task set, wait
 *       for their turn by task attribute ({@link TaskOrder}: SIMPLE, ORDERED, HEAD OF QUEUE) and run on
 *       the storage executor; a full executor queue answers TASK SET FULL.</li>
 * </ol>
 * The dispatcher owns {@code dataOut}: it releases it exactly once, after the handler returned or
 * the command was refused. Medium failures become MEDIUM ERROR (03h/11h/00h reading, 03h/0Ch/00h
 * writing) or, for a full store, DATA PROTECT / SPACE ALLOCATION FAILED (07h/27h/07h). Every
 * CHECK CONDITION carries sense data in the format the LU's Control mode page selects (D_SENSE,
 * {@link org.snaptarget.scsi.spc.ModeParameters}); fixed format where the LUN has no LU.
 *
 * <p>LOGICAL UNIT RESET and TARGET WARM/COLD RESET establish BUS DEVICE RESET FUNCTION OCCURRED
 * (29h/03h) for every I_T nexus of the affected LUs, the one that asked included (SAM-5 §7.7: the
 * reset is an event every path must learn of; multipath initiators check for it on each path), and
 * release SPC-2 reservations.
 *
 * <p>Task management aborts tasks through their {@link Task} state machine; the function's
 * service response is delivered only after every affected task has completed, so a running
 * write has finished (whole) before the initiator hears the abort is done. Aborted tasks complete
 * with TASK ABORTED status (the control mode page reports TAS=1); the transport drops those of the
 * nexus that asked for the abort, as RFC 7143 §4.2.3.3 requires.
 *
 * <p>Thread safety: the LU map is a concurrent sorted map; LUs may be added and removed while
 * commands run. Everything else is per-LU state with its own documented guard.
 */
public final class LogicalUnitTable implements ScsiTargetDevice {

    private static final Logger LOG = LoggerFactory.getLogger(LogicalUnitTable.class);

    private static final ScsiResponse TASK_SET_FULL = new ScsiResponse(ScsiResponse.TASK_SET_FULL, null, null, -1);
    private static final ScsiResponse RESERVATION_CONFLICT = new ScsiResponse(ScsiResponse.RESERVATION_CONFLICT, null, null, -1);

    /** RFC 7143 §11.6.1 task management service responses. */
    static final int FUNCTION_COMPLETE = 0;
    static final int TASK_DOES_NOT_EXIST = 1;
    static final int LUN_DOES_NOT_EXIST = 2;
    static final int FUNCTION_NOT_SUPPORTED = 5;

    private final NavigableMap<Long, LogicalUnit> units = new ConcurrentSkipListMap<>();
    private final Executor storage;
    private final ByteBufAllocator allocator;
    private final TargetInfo info;
    private final CommandTable table;
    private final LunAccess access;

    /** A target with SnapTarget's identification and Netty's pooled allocator. */
    public LogicalUnitTable(Map<Long, ? extends BlockDevice> devices, Executor storage) {
        this(devices, storage, TargetInfo.SNAPTARGET, PooledByteBufAllocator.DEFAULT);
    }

    /**
     * @param devices   LUN number (0..16383) → device
     * @param storage   the bounded executor for commands that touch the medium (see {@link StorageExecutor})
     * @param info      INQUIRY identification strings
     * @param allocator allocator for data-in buffers (reads use direct buffers from it)
     */
    public LogicalUnitTable(Map<Long, ? extends BlockDevice> devices, Executor storage, TargetInfo info,
                            ByteBufAllocator allocator) {
        this(devices, storage, info, allocator, LunAccess.ALL);
    }

    /**
     * @param access which LUs each initiator may reach (LUN masking; also bounds EXTENDED COPY)
     */
    public LogicalUnitTable(Map<Long, ? extends BlockDevice> devices, Executor storage, TargetInfo info,
                            ByteBufAllocator allocator, LunAccess access) {
        this.access = Objects.requireNonNull(access, "access");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.info = Objects.requireNonNull(info, "info");
        this.table = StandardCommands.table();
        devices.forEach((lun, device) -> units.put(checkLun(lun), new LogicalUnit(lun, device)));
    }

    private static long checkLun(long lun) {
        if (lun < 0 || lun > LunAddress.MAX_LUN) {
            throw new IllegalArgumentException("LUN must be 0.." + LunAddress.MAX_LUN + ": " + lun);
        }
        return lun;
    }

    /**
     * Adds a LU at run time; every nexus known to another LU gets REPORTED LUNS DATA HAS CHANGED.
     *
     * @throws IllegalArgumentException when the LUN is taken
     */
    public void addUnit(long lun, BlockDevice device) {
        LogicalUnit unit = new LogicalUnit(checkLun(lun), device);
        if (units.putIfAbsent(lun, unit) != null) {
            throw new IllegalArgumentException("LUN " + lun + " is already in use");
        }
        announceInventoryChange();
    }

    /**
     * Removes a LU at run time; its queued tasks are aborted and every nexus known to another LU
     * gets REPORTED LUNS DATA HAS CHANGED. The device is not closed (its owner closes it).
     *
     * @return the removed device, or {@code null} when there was none
     */
    public BlockDevice removeUnit(long lun) {
        LogicalUnit unit = units.remove(lun);
        if (unit == null) {
            return null;
        }
        unit.tasks().abortAll(n -> true);
        announceInventoryChange();
        return unit.device();
    }

    /**
     * Re-reads the size of a LU's device after it changed (e.g. a volume was grown) and, if it did,
     * establishes CAPACITY DATA HAS CHANGED (2Ah/09h, SBC-4 §4.10) for every nexus that knows the LU.
     *
     * @return whether the capacity changed
     * @throws IllegalArgumentException when there is no such LU or its new size is not whole blocks
     */
    public boolean capacityChanged(long lun) {
        LogicalUnit unit = units.get(lun);
        if (unit == null) {
            throw new IllegalArgumentException("no LUN " + lun);
        }
        boolean changed = unit.refreshCapacity();
        if (changed) {
            unit.attentions().establishForOthers(null, SenseReason.CAPACITY_DATA_HAS_CHANGED);
        }
        return changed;
    }

    private void announceInventoryChange() {
        for (LogicalUnit u : units.values()) {
            u.attentions().establishForOthers(null, SenseReason.REPORTED_LUNS_DATA_HAS_CHANGED);
        }
    }

    /**
     * Queues a unit attention condition for every I_T nexus known to LU {@code lun}, e.g. THIN
     * PROVISIONING SOFT THRESHOLD REACHED (SBC-4 §4.7.3.7) raised by the device's owner. A LUN
     * that does not exist is ignored.
     *
     * @throws IllegalArgumentException when {@code reason} is not a unit attention
     */
    public void establishUnitAttention(long lun, SenseReason reason) {
        if (!reason.isUnitAttention()) {
            throw new IllegalArgumentException(reason + " is not a unit attention condition");
        }
        LogicalUnit unit = units.get(lun);
        if (unit != null) {
            unit.attentions().establishForOthers(null, reason);
        }
    }

    /** @return the LU with this number, or {@code null} */
    public LogicalUnit unit(long lun) {
        return units.get(lun);
    }

    /** @return the LU with this number if the nexus may access it, else {@code null} */
    public LogicalUnit unitFor(ItNexus nexus, long lun) {
        LogicalUnit unit = units.get(lun);
        return unit != null && access.allowed(nexus, lun) ? unit : null;
    }

    /** @return the LUN numbers in ascending order (a snapshot) */
    public List<Long> lunNumbers() {
        return new ArrayList<>(units.keySet());
    }

    /** @return the LUN numbers the nexus may access, in ascending order */
    public List<Long> lunNumbers(ItNexus nexus) {
        List<Long> out = new ArrayList<>();
        for (long lun : units.keySet()) {
            if (access.allowed(nexus, lun)) {
                out.add(lun);
            }
        }
        return out;
    }

    /** @return the LUs in ascending LUN order (a snapshot) */
    public List<LogicalUnit> units() {
        return new ArrayList<>(units.values());
    }

    public CommandTable commandTable() {
        return table;
    }

    public TargetInfo info() {
        return info;
    }

    public ByteBufAllocator allocator() {
        return allocator;
    }

    @Override
    public void execute(ScsiCommand command, Consumer<ScsiResponse> completion) {
        Cdb cdb = new Cdb(command.cdb());
        long lun = LunAddress.decode(command.lun());
        LogicalUnit unit = lun == LunAddress.INVALID ? null : unitFor(command.nexus(), lun);
        CommandDescriptor descriptor;
        try {
            descriptor = admit(command, cdb, unit);
        } catch (SenseException e) {
            release(command);
            completion.accept(SenseResponder.checkCondition(e, -1, senseFormat(unit)));
            return;
        }
        if (unit != null && unit.reservations().conflicts(command.nexus(), descriptor)) {
            release(command);
            completion.accept(RESERVATION_CONFLICT);
            return;
        }
        CommandContext context = new CommandContext(command, cdb, descriptor, unit, this);
        if (descriptor.execution() == Execution.INLINE || unit == null) {
            completion.accept(run(context));
            return;
        }
        Task task = new Task(command, c -> run(context), completion, unit.tasks(), unit.order());
        unit.tasks().add(task);
        unit.order().submit(task, command.attribute(), this::dispatch);
    }

    private void dispatch(Task task) {
        try {
            storage.execute(task);
        } catch (RejectedExecutionException e) {
            task.refuse(TASK_SET_FULL);
        }
    }

    /** Steps 1 to 4 of the class comment. */
    private CommandDescriptor admit(ScsiCommand command, Cdb cdb, LogicalUnit unit) throws SenseException {
        CommandDescriptor found;
        SenseException lookupError = null;
        try {
            found = table.find(cdb);
        } catch (SenseException e) {
            found = null;
            lookupError = e;
        }
        if (unit == null) {
            if (found == null || !found.has(CommandFlag.ABSENT_LUN_ALLOWED)) {
                throw SenseException.of(SenseReason.LOGICAL_UNIT_NOT_SUPPORTED);
            }
        } else {
            ItNexus nexus = command.nexus();
            unit.attentions().admit(nexus);
            if (found == null || !found.has(CommandFlag.UNIT_ATTENTION_EXEMPT)) {
                SenseReason attention = unit.attentions().poll(nexus);
                if (attention != null) {
                    throw SenseException.of(attention);
                }
            }
        }
        if (lookupError != null) {
            throw lookupError;
        }
        CommandDescriptor descriptor = table.lookup(cdb);
        if (unit != null && descriptor.has(CommandFlag.CHANGES_MEDIUM) && unit.device().readOnly()) {
            throw SenseException.of(SenseReason.WRITE_PROTECTED);
        }
        return descriptor;
    }

    /** Runs the handler, maps its failures to sense, and releases the data-out buffer. */
    private ScsiResponse run(CommandContext context) {
        SenseFormat format = senseFormat(context.unit());
        try {
            return context.descriptor().handler().execute(context);
        } catch (SenseException e) {
            return SenseResponder.checkCondition(e, -1, format);
        } catch (SpaceExhaustedException e) {
            return SenseResponder.checkCondition(SenseReason.SPACE_ALLOCATION_FAILED_WRITE_PROTECT, format);
        } catch (IOException e) {
            LOG.warn("LUN {}: {} failed: {}", context.unit() == null ? "-" : context.unit().number(),
                    context.descriptor().name(), e.toString());
            return SenseResponder.checkCondition(context.descriptor().access() == MediumAccess.WRITE
                    ? SenseReason.WRITE_ERROR : SenseReason.UNRECOVERED_READ_ERROR, format);
        } catch (RuntimeException e) {
            LOG.error("{} failed unexpectedly", context.descriptor().name(), e);
            return SenseResponder.checkCondition(SenseReason.INTERNAL_TARGET_FAILURE, format);
        } finally {
            release(context.command());
        }
    }

    @Override
    public SenseFormat senseFormat(ItNexus nexus, long lun) {
        return senseFormat(unitFor(nexus, LunAddress.decode(lun)));
    }

    /** The LU's sense format (its Control mode page D_SENSE); fixed format where there is no LU. */
    private static SenseFormat senseFormat(LogicalUnit unit) {
        return unit == null ? SenseFormat.FIXED : unit.senseFormat();
    }

    private static void release(ScsiCommand command) {
        if (command.dataOut() != null) {
            command.dataOut().release();
        }
    }

    @Override
    public void taskManagement(ItNexus nexus, TaskManagementFunction function, long lun, long referencedTaskTag,
                               Consumer<Integer> done) {
        LogicalUnit unit = unitFor(nexus, LunAddress.decode(lun));
        CompletableFuture<Void> finished;
        switch (function) {
            case ABORT_TASK -> {
                if (unit == null) {
                    done.accept(LUN_DOES_NOT_EXIST);
                    return;
                }
                finished = unit.tasks().abortTask(nexus, referencedTaskTag);
                if (finished == null) {
                    done.accept(TASK_DOES_NOT_EXIST);
                    return;
                }
            }
            case ABORT_TASK_SET, CLEAR_TASK_SET, LOGICAL_UNIT_RESET -> {
                if (unit == null) {
                    done.accept(LUN_DOES_NOT_EXIST);
                    return;
                }
                finished = unit.tasks().abortAll(function == TaskManagementFunction.ABORT_TASK_SET ? nexus::equals : n -> true);
                if (function == TaskManagementFunction.LOGICAL_UNIT_RESET) {
                    unit.attentions().establishForOthers(null, SenseReason.BUS_DEVICE_RESET_FUNCTION_OCCURRED);
                    unit.reservations().resetSpc2();
                }
            }
            case TARGET_WARM_RESET, TARGET_COLD_RESET -> {
                List<CompletableFuture<Void>> all = new ArrayList<>();
                for (LogicalUnit u : units.values()) {
                    all.add(u.tasks().abortAll(n -> true));
                    u.attentions().establishForOthers(null, SenseReason.BUS_DEVICE_RESET_FUNCTION_OCCURRED);
                    u.reservations().resetSpc2();
                }
                finished = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
            }
            default -> {
                done.accept(FUNCTION_NOT_SUPPORTED);
                return;
            }
        }
        finished.whenComplete((v, e) -> done.accept(FUNCTION_COMPLETE));
    }

    @Override
    public void nexusLost(ItNexus nexus) {
        for (LogicalUnit u : units.values()) {
            u.tasks().abortAll(nexus::equals);
            u.attentions().forget(nexus);
            u.reservations().nexusLost(nexus);
        }
    }
}
