package org.snaptarget.iscsi.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.snaptarget.scsi.ItNexus;
import org.snaptarget.scsi.ScsiCommand;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.ScsiTargetDevice;
import org.snaptarget.scsi.TaskManagementFunction;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A tiny in-memory SCSI device for transport tests: one LUN (0 or 1 by flat addressing: LUN field
 * byte 1), 512-byte blocks, READ(10)/WRITE(10)/TEST UNIT READY/INQUIRY(36 bytes); anything else is
 * CHECK CONDITION ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE. Completes on {@code executor}
 * (the calling thread when it is {@code Runnable::run}); commands can be held back with {@link #hold}.
 */
public final class MemoryScsiDevice implements ScsiTargetDevice {

    public static final int BLOCK = 512;
    public static final byte[] INVALID_OPCODE_SENSE =
            {0x70, 0, 0x05, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0};

    public static final byte[] LBA_OUT_OF_RANGE_SENSE =
            {0x70, 0, 0x05, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0, 0x21, 0, 0, 0, 0, 0};

    private final byte[] disk;
    private final Executor executor;
    private volatile boolean hold;
    private volatile Integer abortAnswer;
    private final List<Runnable> held = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<TaskKey, Consumer<ScsiResponse>> running = new ConcurrentHashMap<>();
    public final List<ScsiCommand> seen = new CopyOnWriteArrayList<>();
    public final List<ItNexus> lost = new CopyOnWriteArrayList<>();
    public final List<TaskManagementFunction> tmfs = new CopyOnWriteArrayList<>();
    /** The sense format the device says its LU uses (D_SENSE), for transport-built sense. */
    public volatile org.snaptarget.scsi.sense.SenseFormat senseFormat = org.snaptarget.scsi.sense.SenseFormat.FIXED;

    /** Tasks are identified per nexus: different sessions reuse the same tags. */
    private record TaskKey(ItNexus nexus, long tag) {
    }

    public MemoryScsiDevice(int blocks, Executor executor) {
        this.disk = new byte[blocks * BLOCK];
        this.executor = executor;
    }

    public byte[] disk() {
        return disk;
    }

    /** While held, commands wait until {@link #release()} (to test ordering and aborts). */
    public void hold(boolean on) {
        hold = on;
    }

    /**
     * Simulates a task that cannot be stopped: ABORT TASK lets held commands finish normally, then
     * answers {@code code} (0 function complete, 1 task does not exist).
     */
    public void finishHeldThenAnswerAbort(int code) {
        abortAnswer = code;
    }

    public void release() {
        List<Runnable> now = new ArrayList<>(held);
        held.clear();
        now.forEach(Runnable::run);
    }

    @Override
    public void execute(ScsiCommand command, Consumer<ScsiResponse> completion) {
        seen.add(new ScsiCommand(command.nexus(), command.lun(), command.cdb(), command.attribute(), command.taskTag(),
                command.expectedTransferLength(), command.readExpected(), command.writeExpected(), null));
        TaskKey key = new TaskKey(command.nexus(), command.taskTag());
        running.put(key, completion);
        Runnable work = () -> {
            ScsiResponse response = run(command);
            if (running.remove(key) != null) {
                completion.accept(response);
            } else if (response.dataIn() != null) {
                response.dataIn().release();
            }
        };
        if (hold) {
            held.add(() -> executor.execute(work));
        } else {
            executor.execute(work);
        }
    }

    private ScsiResponse run(ScsiCommand c) {
        ByteBuf out = c.dataOut();
        try {
            byte[] cdb = c.cdb();
            int op = cdb[0] & 0xff;
            switch (op) {
                case 0x00 -> {
                    return new ScsiResponse(ScsiResponse.GOOD, null, null, 0);
                }
                case 0x12 -> {
                    int alloc = ((cdb[3] & 0xff) << 8) | (cdb[4] & 0xff);
                    ByteBuf data = Unpooled.buffer(36);
                    data.writeByte(0).writeByte(0).writeByte(6).writeByte(2).writeByte(31).writeZero(3);
                    data.writeBytes("SNAPTEST".getBytes()).writeBytes("MEMORY DISK     ".getBytes())
                            .writeBytes("0001".getBytes());
                    if (alloc < 36) {
                        data.writerIndex(alloc);
                    }
                    return new ScsiResponse(ScsiResponse.GOOD, data, null, -1);
                }
                case 0x28 -> {
                    long lba = ByteBuffer.wrap(cdb, 2, 4).getInt() & 0xffffffffL;
                    int blocks = ((cdb[7] & 0xff) << 8) | (cdb[8] & 0xff);
                    int bytes = blocks * BLOCK;
                    if (lba + blocks > disk.length / BLOCK) {
                        return new ScsiResponse(ScsiResponse.CHECK_CONDITION, null, LBA_OUT_OF_RANGE_SENSE.clone(), -1);
                    }
                    ByteBuf data = Unpooled.directBuffer(bytes);
                    data.writeBytes(disk, (int) lba * BLOCK, bytes);
                    return new ScsiResponse(ScsiResponse.GOOD, data, null, bytes);
                }
                case 0x2a -> {
                    long lba = ByteBuffer.wrap(cdb, 2, 4).getInt() & 0xffffffffL;
                    int blocks = ((cdb[7] & 0xff) << 8) | (cdb[8] & 0xff);
                    int bytes = blocks * BLOCK;
                    if (lba + blocks > disk.length / BLOCK) {
                        return new ScsiResponse(ScsiResponse.CHECK_CONDITION, null, LBA_OUT_OF_RANGE_SENSE.clone(), -1);
                    }
                    int n = out == null ? 0 : Math.min(bytes, out.readableBytes());
                    if (n > 0) {
                        out.getBytes(out.readerIndex(), disk, (int) lba * BLOCK, n);
                    }
                    return new ScsiResponse(ScsiResponse.GOOD, null, null, bytes);
                }
                default -> {
                    return new ScsiResponse(ScsiResponse.CHECK_CONDITION, null, INVALID_OPCODE_SENSE.clone(), -1);
                }
            }
        } finally {
            if (out != null) {
                out.release();
            }
        }
    }

    @Override
    public org.snaptarget.scsi.sense.SenseFormat senseFormat(ItNexus nexus, long lun) {
        return senseFormat;
    }

    @Override
    public void taskManagement(ItNexus nexus, TaskManagementFunction function, long lun, long referencedTaskTag,
                               Consumer<Integer> done) {
        tmfs.add(function);
        Integer scripted = abortAnswer;
        if (function == TaskManagementFunction.ABORT_TASK && scripted != null) {
            release();
            done.accept(scripted);
            return;
        }
        if (function == TaskManagementFunction.ABORT_TASK) {
            Consumer<ScsiResponse> c = running.remove(new TaskKey(nexus, referencedTaskTag));
            if (c == null) {
                done.accept(1);
                return;
            }
            c.accept(new ScsiResponse(ScsiResponse.TASK_ABORTED, null, null, -1));
            done.accept(0);
            return;
        }
        for (TaskKey key : List.copyOf(running.keySet())) {
            Consumer<ScsiResponse> c = running.remove(key);
            if (c != null) {
                c.accept(new ScsiResponse(ScsiResponse.TASK_ABORTED, null, null, -1));
            }
        }
        done.accept(0);
    }

    @Override
    public void nexusLost(ItNexus nexus) {
        lost.add(nexus);
    }
}
