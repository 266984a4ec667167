package org.snaptarget.iscsi.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snaptarget.iscsi.codec.FramingError;
import org.snaptarget.iscsi.pdu.Bhs;
import org.snaptarget.iscsi.pdu.DataOutPdu;
import org.snaptarget.iscsi.pdu.LogoutRequestPdu;
import org.snaptarget.iscsi.pdu.LogoutResponsePdu;
import org.snaptarget.iscsi.pdu.NopInPdu;
import org.snaptarget.iscsi.pdu.NopOutPdu;
import org.snaptarget.iscsi.pdu.Pdu;
import org.snaptarget.iscsi.pdu.R2tPdu;
import org.snaptarget.iscsi.pdu.RejectPdu;
import org.snaptarget.iscsi.pdu.ScsiCommandPdu;
import org.snaptarget.iscsi.pdu.TaskManagementRequestPdu;
import org.snaptarget.iscsi.pdu.TaskManagementResponsePdu;
import org.snaptarget.iscsi.pdu.TextRequestPdu;
import org.snaptarget.iscsi.pdu.TextResponsePdu;
import org.snaptarget.scsi.ScsiCommand;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.TaskAttribute;
import org.snaptarget.scsi.TaskManagementFunction;
import org.snaptarget.scsi.sense.SenseFormat;
import org.snaptarget.scsi.sense.SenseReason;
import org.snaptarget.scsi.sense.SenseResponder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The full-feature phase of one connection (RFC 7143 §3.2.3, §4.2, ERL 0): the ordered delivery of
 * commands by CmdSN, SCSI command execution with immediate, unsolicited and solicited (R2T) write
 * data, Data-In and status, NOP ping in both directions, task management, text negotiation, logout,
 * and Reject for what the RFC calls malformed or unsupported.
 *
 * <p>Threading: every method runs on the channel's event loop. The SCSI layer completes on any
 * thread; completions hop back with {@code eventLoop().execute}. Outbound PDUs are written without
 * flush and flushed once per event-loop turn (one scheduled flush task), so a command's Data-In and
 * response, and the responses of commands completing together, leave in one flush.
 *
 * <p>Invariants: StatSN increases by one for every PDU that carries status (SCSI Response, Data-In
 * with S, NOP-In echo, TMF/Text/Logout Response, Reject); a task is in {@link #tasks} from its
 * command's delivery until its final response; tasks aborted by task management never get a
 * response (a task that completed before the SCSI layer saw the abort still gets its status, and the
 * abort answers "task does not exist"), while tasks aborted on behalf of another nexus end with
 * TASK ABORTED status (TAS=1);
 * after logout or close every inbound PDU is released and ignored.
 */
public final class FullFeatureHandler extends ChannelInboundHandlerAdapter implements StatusNumbers {

    private static final Logger log = LoggerFactory.getLogger(FullFeatureHandler.class);

    /** Commands the CmdSN window admits at most beyond ExpCmdSN (RFC 7143 §4.2.2.1). */
    public static final int COMMAND_WINDOW = 128;
    /** Largest write one command may carry (its data is held until complete): 64 MiB. */
    public static final int MAX_WRITE_LENGTH = 64 << 20;

    private final SessionContext session;
    /** The transfer limits; the initiator's MaxRecvDataSegmentLength may change through a Text Request. */
    private TransferSettings settings;
    private final CommandWindow window;
    private final Map<Integer, ActiveTask> tasks = new HashMap<>();
    /** ITTs of recently failed or aborted write tasks whose late Data-Out is dropped without a Reject. */
    private final java.util.LinkedHashSet<Integer> terminated = new java.util.LinkedHashSet<>();
    private final TextExchange text;
    private ChannelHandlerContext ctx;
    private int statSN;
    private int nextTargetTransferTag = 1;
    private boolean flushScheduled;
    private boolean closed;
    private boolean loggedOut;
    private long lastInboundNanos;
    private long pingSentNanos;
    private int pingTag = Bhs.RESERVED_TAG;
    private ScheduledFuture<?> keepAliveTimer;
    private final Runnable flushTask = this::flushNow;

    public FullFeatureHandler(SessionContext session) {
        this.session = session;
        this.settings = session.settings();
        this.window = new CommandWindow(session.expCmdSN(), COMMAND_WINDOW);
        this.statSN = session.statSN();
        this.text = new TextExchange(session.textResponder(), settings.initiatorMaxRecvDataSegmentLength());
    }

    // ---- StatusNumbers

    @Override
    public int nextStatSN() {
        return statSN++;
    }

    @Override
    public int currentStatSN() {
        return statSN;
    }

    @Override
    public int expCmdSN() {
        return window.expCmdSN();
    }

    @Override
    public int maxCmdSN() {
        return window.maxCmdSN();
    }

    // ---- lifecycle

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        lastInboundNanos = System.nanoTime();
        long tick = Math.max(10, Math.min(session.keepAlive().interval().toMillis(),
                session.keepAlive().timeout().toMillis()) / 2);
        keepAliveTimer = ctx.executor().scheduleAtFixedRate(this::keepAliveTick, tick, tick, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        teardown();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        teardown();
    }

    /**
     * Backpressure: while the socket's outbound buffer is above its high water mark (an initiator not
     * reading its Data-In), stop reading new commands; resume once it drains.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void teardown() {
        if (closed) {
            return;
        }
        closed = true;
        if (keepAliveTimer != null) {
            keepAliveTimer.cancel(false);
        }
        window.clear();
        for (ActiveTask task : tasks.values()) {
            task.aborted = true;
            task.dropTransfer();
            if (task.held != null && task.held.dataIn() != null) {
                task.held.dataIn().release();
            }
            task.held = null;
        }
        tasks.clear();
        if (session.device() != null) {
            try {
                session.device().nexusLost(session.nexus());
            } catch (RuntimeException e) {
                log.warn("nexusLost failed for {}", session.nexus(), e);
            }
        }
        session.onClose().run();
    }

    // ---- inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastInboundNanos = System.nanoTime();
        if (msg instanceof FramingError error) {
            onFramingError(error);
            return;
        }
        if (!(msg instanceof Pdu pdu)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (closed || loggedOut) {
            pdu.release();
            return;
        }
        boolean keep = false;
        try {
            keep = dispatch(pdu);
        } catch (RuntimeException e) {
            log.warn("connection {}: failed on {}", ctx.channel().remoteAddress(), pdu, e);
            reject(RejectPdu.PROTOCOL_ERROR, pdu);
        } finally {
            if (!keep) {
                pdu.release();
            }
        }
    }

    /** @return true when ownership of {@code pdu} moved elsewhere (queued in the CmdSN window) */
    private boolean dispatch(Pdu pdu) {
        switch (pdu) {
            case DataOutPdu d -> onDataOut(d);
            case NopOutPdu n when n.initiatorTaskTag() == Bhs.RESERVED_TAG -> onPingAnswer(n);
            case ScsiCommandPdu c -> {
                return ordered(pdu, c.cmdSN(), c.immediate());
            }
            case NopOutPdu n -> {
                return ordered(pdu, n.cmdSN(), n.immediate());
            }
            case TaskManagementRequestPdu t -> {
                return ordered(pdu, t.cmdSN(), t.immediate());
            }
            case TextRequestPdu t -> {
                return ordered(pdu, t.cmdSN(), t.immediate());
            }
            case LogoutRequestPdu l -> {
                return ordered(pdu, l.cmdSN(), l.immediate());
            }
            default -> reject(RejectPdu.PROTOCOL_ERROR, pdu); // SNACK at ERL 0, Login in FFP, target opcodes
        }
        return false;
    }

    /** Delivers a command PDU in CmdSN order (RFC 7143 §3.2.2.1). */
    private boolean ordered(Pdu pdu, int cmdSN, boolean immediate) {
        switch (window.offer(pdu, cmdSN, immediate)) {
            case QUEUED -> {
                return true;
            }
            case DROPPED -> {
                log.debug("dropping CmdSN {} outside [{}, {}]", Integer.toUnsignedString(cmdSN),
                        Integer.toUnsignedString(window.expCmdSN()), Integer.toUnsignedString(window.maxCmdSN()));
                return false;
            }
            case DELIVER -> {
                execute(pdu);
                for (Pdu next; !loggedOut && !closed && (next = window.nextReady()) != null; ) {
                    try {
                        execute(next);
                    } finally {
                        next.release();
                    }
                }
                return false;
            }
        }
        return false;
    }

    private void execute(Pdu pdu) {
        if (session.discovery() && !(pdu instanceof TextRequestPdu || pdu instanceof LogoutRequestPdu
                || pdu instanceof NopOutPdu)) {
            reject(RejectPdu.PROTOCOL_ERROR, pdu);
            return;
        }
        switch (pdu) {
            case ScsiCommandPdu c -> onCommand(c);
            case NopOutPdu n -> onPing(n);
            case TaskManagementRequestPdu t -> onTaskManagement(t);
            case TextRequestPdu t -> onText(t);
            case LogoutRequestPdu l -> onLogout(l);
            default -> reject(RejectPdu.PROTOCOL_ERROR, pdu);
        }
    }

    private void onFramingError(FramingError error) {
        switch (error.kind()) {
            case HEADER_DIGEST -> {
                log.warn("connection {}: {}; closing (ERL 0)", ctx.channel().remoteAddress(), error.detail());
                ctx.close();
            }
            case OVERSIZED_DATA -> {
                log.warn("connection {}: {}; closing", ctx.channel().remoteAddress(), error.detail());
                writeReject(RejectPdu.PROTOCOL_ERROR, error.header());
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
            case DATA_DIGEST -> onDataDigestError(error);
            case INVALID_FIELD -> writeReject(RejectPdu.INVALID_PDU_FIELD, error.header());
            case UNKNOWN_OPCODE -> writeReject(RejectPdu.COMMAND_NOT_SUPPORTED, error.header());
        }
    }

    /**
     * RFC 7143 §7.8: Reject with reason 02h and discard; a discarded Data-Out terminates its task
     * with CHECK CONDITION, ABORTED COMMAND / PROTOCOL SERVICE CRC ERROR (0Bh/47h/05h), since ERL 0
     * cannot ask for the data again.
     */
    private void onDataDigestError(FramingError error) {
        log.warn("connection {}: {}", ctx.channel().remoteAddress(), error.detail());
        writeReject(RejectPdu.DATA_DIGEST_ERROR, error.header());
        int opcode = error.header()[0] & Bhs.OPCODE_MASK;
        if (opcode == org.snaptarget.iscsi.pdu.Opcode.DATA_OUT) {
            int itt = Unpooled.wrappedBuffer(error.header()).getInt(Bhs.ITT);
            ActiveTask task = tasks.get(itt);
            if (task != null && !task.submitted) {
                terminate(task, SenseReason.PROTOCOL_SERVICE_CRC_ERROR);
            }
        }
    }

    // ---- SCSI commands and data

    private void onCommand(ScsiCommandPdu c) {
        if (tasks.containsKey(c.initiatorTaskTag()) || c.initiatorTaskTag() == Bhs.RESERVED_TAG) {
            reject(RejectPdu.TASK_IN_PROGRESS, c);
            return;
        }
        ActiveTask task = new ActiveTask(c);
        int edtl = c.expectedDataTransferLength();
        if (!c.write() && c.data().isReadable()) {
            reject(RejectPdu.PROTOCOL_ERROR, c);
            return;
        }
        if (c.write() && edtl != 0) {
            if (edtl < 0 || edtl > MAX_WRITE_LENGTH) {
                // more than this target buffers for one command: ILLEGAL REQUEST / INVALID FIELD IN CDB
                tasks.put(task.initiatorTaskTag, task);
                window.taskStarted();
                terminate(task, SenseReason.INVALID_FIELD_IN_CDB);
                return;
            }
            try {
                task.transfer = new WriteTransfer(ctx.alloc(), edtl, c.data(), c.finalFlag(), settings);
            } catch (WriteTransfer.DataOutException e) {
                log.debug("rejecting command: {}", e.getMessage());
                reject(RejectPdu.PROTOCOL_ERROR, c);
                return;
            }
        } else if (c.data().isReadable()) {
            reject(RejectPdu.PROTOCOL_ERROR, c);
            return;
        }
        tasks.put(task.initiatorTaskTag, task);
        window.taskStarted();
        if (task.transfer == null || task.transfer.complete()) {
            submit(task);
        } else {
            sendR2ts(task);
        }
    }

    private void onDataOut(DataOutPdu d) {
        ActiveTask task = tasks.get(d.initiatorTaskTag());
        if (task == null || task.transfer == null) {
            if (!terminated.contains(d.initiatorTaskTag())) {
                reject(RejectPdu.PROTOCOL_ERROR, d); // data for a task that never existed
            }
            return; // else: the rest of a task that was already failed or aborted
        }
        try {
            task.transfer.accept(d);
        } catch (WriteTransfer.DataOutException e) {
            log.debug("failing task {}: {}", Integer.toHexString(task.initiatorTaskTag), e.getMessage());
            reject(RejectPdu.PROTOCOL_ERROR, d);
            // ERL 0 cannot recover within the command: end it with ABORTED COMMAND, DATA OFFSET ERROR
            // (4Bh/05h) or DATA PHASE ERROR (4Bh/00h), SPC-4 Annex D
            terminate(task, e.offsetError() ? SenseReason.DATA_OFFSET_ERROR : SenseReason.DATA_PHASE_ERROR);
            return;
        }
        if (task.transfer.complete()) {
            submit(task);
        } else {
            sendR2ts(task);
        }
    }

    private void sendR2ts(ActiveTask task) {
        for (WriteTransfer.OutstandingR2t r2t : task.transfer.nextR2ts(this::newTargetTransferTag)) {
            write(new R2tPdu(task.lun, task.initiatorTaskTag, r2t.targetTransferTag(), statSN, window.expCmdSN(),
                    window.maxCmdSN(), r2t.r2tSN(), r2t.offset(), r2t.length(), Unpooled.EMPTY_BUFFER));
        }
    }

    private int newTargetTransferTag() {
        int tag = nextTargetTransferTag++;
        if (nextTargetTransferTag == Bhs.RESERVED_TAG) {
            nextTargetTransferTag = 1;
        }
        return tag;
    }

    private void submit(ActiveTask task) {
        ByteBuf dataOut = null;
        int r2ts = 0;
        if (task.transfer != null) {
            r2ts = task.transfer.r2tCount();
            dataOut = task.transfer.takeData();
            task.transfer = null;
        }
        task.submitted = true;
        final int r2tCount = r2ts;
        ResponseComposer.Command cmd = task.command;
        ScsiCommand command = new ScsiCommand(session.nexus(), task.lun, task.cdb,
                TaskAttribute.fromIscsiAttr(task.attribute), Integer.toUnsignedLong(task.initiatorTaskTag),
                cmd.expectedDataTransferLength(), cmd.read(), cmd.write(), dataOut);
        try {
            session.device().execute(command, response -> {
                if (ctx.executor().inEventLoop()) {
                    completed(task, response, r2tCount);
                } else {
                    ctx.executor().execute(() -> completed(task, response, r2tCount));
                }
            });
        } catch (RuntimeException e) {
            log.error("SCSI layer threw on {}", task.command, e);
            completed(task, SenseResponder.checkCondition(SenseReason.INTERNAL_TARGET_FAILURE, senseFormat(task)), r2tCount);
        }
    }

    /** The format of sense for this task's LU (SPC-4 §4.5.1: D_SENSE of its Control mode page). */
    private SenseFormat senseFormat(ActiveTask task) {
        return session.device() == null ? SenseFormat.FIXED
                : session.device().senseFormat(session.nexus(), task.command.lun());
    }

    private void completed(ActiveTask task, ScsiResponse response, int r2tCount) {
        if (task.abortPending && !closed && !task.aborted && tasks.get(task.initiatorTaskTag) == task) {
            task.held = response; // decided by the task management answer (tmfDone)
            task.heldR2tCount = r2tCount;
            return;
        }
        boolean abortedForUs = task.abortRequested && response.status() == ScsiResponse.TASK_ABORTED;
        if (closed || task.aborted || abortedForUs || tasks.get(task.initiatorTaskTag) != task) {
            if (response.dataIn() != null) {
                response.dataIn().release();
            }
            if (tasks.get(task.initiatorTaskTag) == task) {
                tasks.remove(task.initiatorTaskTag);
                window.taskFinished();
            }
            return;
        }
        tasks.remove(task.initiatorTaskTag);
        window.taskFinished();
        ResponseComposer.compose(task.command, response, r2tCount, settings, this, ctx.alloc(), this::write);
    }

    /**
     * Ends a task still collecting write data with CHECK CONDITION and {@code reason}, in its LU's
     * sense format; its further
     * Data-Out PDUs are dropped silently.
     */
    private void terminate(ActiveTask task, SenseReason reason) {
        task.dropTransfer();
        tasks.remove(task.initiatorTaskTag);
        rememberTerminated(task.initiatorTaskTag);
        window.taskFinished();
        ResponseComposer.compose(task.command, SenseResponder.checkCondition(reason, senseFormat(task)), 0,
                settings, this, ctx.alloc(), this::write);
    }

    private void rememberTerminated(int itt) {
        terminated.add(itt);
        if (terminated.size() > 64) {
            terminated.remove(terminated.iterator().next());
        }
    }

    // ---- NOP

    private void onPing(NopOutPdu n) {
        write(new NopInPdu(n.lun(), n.initiatorTaskTag(), Bhs.RESERVED_TAG, nextStatSN(), window.expCmdSN(),
                window.maxCmdSN(), n.data().retainedSlice()));
    }

    private void onPingAnswer(NopOutPdu n) {
        if (n.targetTransferTag() == pingTag) {
            pingTag = Bhs.RESERVED_TAG;
            pingSentNanos = 0;
        }
    }

    private void keepAliveTick() {
        if (closed || loggedOut) {
            return;
        }
        long now = System.nanoTime();
        if (pingTag != Bhs.RESERVED_TAG) {
            long quiet = now - Math.max(pingSentNanos, lastInboundNanos);
            if (quiet > session.keepAlive().timeout().toNanos()) {
                log.warn("connection {}: no answer to NOP-In within {}; closing", ctx.channel().remoteAddress(),
                        session.keepAlive().timeout());
                ctx.close();
            }
            return;
        }
        if (now - lastInboundNanos >= session.keepAlive().interval().toNanos()) {
            pingTag = newTargetTransferTag();
            pingSentNanos = now;
            write(new NopInPdu(0, Bhs.RESERVED_TAG, pingTag, statSN, window.expCmdSN(), window.maxCmdSN(),
                    Unpooled.EMPTY_BUFFER));
        }
    }

    // ---- task management

    private void onTaskManagement(TaskManagementRequestPdu t) {
        TaskManagementFunction function = TaskManagementFunction.fromIscsiCode(t.function());
        if (function == null) {
            tmfResponse(t, 5);
            return;
        }
        if (function == TaskManagementFunction.TASK_REASSIGN) {
            tmfResponse(t, 4); // allegiance reassignment needs ERL 2 (RFC 7143 §11.6.1)
            return;
        }
        List<ActiveTask> affected = new ArrayList<>();
        switch (function) {
            case ABORT_TASK -> {
                ActiveTask task = tasks.get(t.referencedTaskTag());
                if (task == null) {
                    // §11.5.1 b): a task never received whose RefCmdSN is inside the window and before the
                    // TMF's CmdSN is considered received and done; a finished task "does not exist".
                    boolean consideredReceived = SerialNumbers.inRange(t.refCmdSN(), window.expCmdSN(),
                            window.maxCmdSN()) && SerialNumbers.lessThan(t.refCmdSN(), t.cmdSN());
                    if (consideredReceived) {
                        window.discard(t.refCmdSN());
                    }
                    tmfResponse(t, consideredReceived ? 0 : 1);
                    return;
                }
                if (!task.submitted) {
                    task.aborted = true;
                    task.dropTransfer();
                    tasks.remove(task.initiatorTaskTag);
                    rememberTerminated(task.initiatorTaskTag);
                    window.taskFinished();
                    tmfResponse(t, 0);
                    return;
                }
                affected.add(task);
            }
            case ABORT_TASK_SET, CLEAR_TASK_SET, LOGICAL_UNIT_RESET -> tasks.values().stream()
                    .filter(task -> task.lun == t.lun()).forEach(affected::add);
            case TARGET_WARM_RESET, TARGET_COLD_RESET -> affected.addAll(tasks.values());
            default -> {
            }
        }
        for (ActiveTask task : affected) {
            task.abortRequested = true; // a TASK ABORTED completion then gets no response, §4.2.3.3
            task.abortPending = task.submitted;
            if (!task.submitted) {
                task.dropTransfer();
                tasks.remove(task.initiatorTaskTag);
                rememberTerminated(task.initiatorTaskTag);
                window.taskFinished();
            }
        }
        session.device().taskManagement(session.nexus(), function, t.lun(),
                Integer.toUnsignedLong(t.referencedTaskTag()), code -> {
                    if (ctx.executor().inEventLoop()) {
                        tmfDone(t, function, affected, code);
                    } else {
                        ctx.executor().execute(() -> tmfDone(t, function, affected, code));
                    }
                });
    }

    /**
     * The SCSI layer answered a task management function. Completions of the affected tasks that came
     * in meanwhile are settled first: with "function complete" the tasks count as aborted and their
     * responses are dropped; otherwise (e.g. the task finished first) they are sent before the TMF
     * response, as RFC 7143 §11.5.1 orders.
     */
    private void tmfDone(TaskManagementRequestPdu t, TaskManagementFunction function, List<ActiveTask> affected,
                         int code) {
        for (ActiveTask task : affected) {
            task.abortPending = false;
            if (code == 0) {
                task.aborted = true;
            }
            ScsiResponse held = task.held;
            task.held = null;
            if (held != null) {
                completed(task, held, task.heldR2tCount);
            }
        }
        if (closed) {
            return;
        }
        tmfResponse(t, code);
        if (function == TaskManagementFunction.TARGET_COLD_RESET && code == 0) {
            flushNow();
            ctx.close();
        }
    }

    private void tmfResponse(TaskManagementRequestPdu t, int code) {
        write(new TaskManagementResponsePdu(code, t.initiatorTaskTag(), nextStatSN(), window.expCmdSN(),
                window.maxCmdSN(), Unpooled.EMPTY_BUFFER));
    }

    // ---- text and logout

    private void onText(TextRequestPdu t) {
        TextExchange.Reply reply;
        try {
            reply = text.handle(t.finalFlag(), t.continueFlag(), t.targetTransferTag(), t.data());
        } catch (TextExchange.TextException e) {
            log.debug("rejecting Text Request: {}", e.getMessage());
            reject(RejectPdu.PROTOCOL_ERROR, t);
            return;
        }
        write(new TextResponsePdu(reply.finalFlag(), reply.continueFlag(), t.lun(), t.initiatorTaskTag(),
                reply.targetTransferTag(), nextStatSN(), window.expCmdSN(), window.maxCmdSN(),
                Unpooled.wrappedBuffer(reply.data())));
        session.textResponder().declaredMaxRecvDataSegmentLength().ifPresent(declared -> {
            if (declared != settings.initiatorMaxRecvDataSegmentLength()) {
                settings = new TransferSettings(declared, settings.targetMaxRecvDataSegmentLength(),
                        settings.maxBurstLength(), settings.firstBurstLength(), settings.maxOutstandingR2T(),
                        settings.initialR2T(), settings.immediateData());
            }
        });
    }

    private void onLogout(LogoutRequestPdu l) {
        int response;
        switch (l.reason()) {
            case LogoutRequestPdu.CLOSE_SESSION -> response = 0;
            case LogoutRequestPdu.CLOSE_CONNECTION -> response = l.cid() == session.cid() ? 0 : 1;
            case LogoutRequestPdu.REMOVE_FOR_RECOVERY -> response = 2;
            default -> {
                reject(RejectPdu.INVALID_PDU_FIELD, l);
                return;
            }
        }
        write(new LogoutResponsePdu(response, l.initiatorTaskTag(), nextStatSN(), window.expCmdSN(),
                window.maxCmdSN(), 0, 0, Unpooled.EMPTY_BUFFER));
        if (response == 0) {
            loggedOut = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    // ---- reject and output

    private void reject(int reason, Pdu pdu) {
        ByteBuf header = ctx.alloc().buffer(Bhs.LENGTH + pdu.ahsLength());
        pdu.writeHeader(header);
        header.writerIndex(Bhs.LENGTH);
        write(new RejectPdu(reason, nextStatSN(), window.expCmdSN(), window.maxCmdSN(), 0, header));
    }

    private void writeReject(int reason, byte[] header) {
        write(new RejectPdu(reason, nextStatSN(), window.expCmdSN(), window.maxCmdSN(), 0,
                Unpooled.wrappedBuffer(header)));
    }

    private void write(Pdu pdu) {
        ctx.write(pdu, ctx.voidPromise());
        if (!flushScheduled) {
            flushScheduled = true;
            ctx.executor().execute(flushTask);
        }
    }

    private void flushNow() {
        flushScheduled = false;
        ctx.flush();
    }

    /** Tasks currently known to this connection (for tests and status). */
    public int activeTasks() {
        return tasks.size();
    }
}
