package org.snaptarget.scsi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import org.snaptarget.scsi.sense.SenseReason;

/**
 * Everything a handler sees of one command: the command itself with its decoded CDB and
 * descriptor, the addressed logical unit ({@code null} when the LUN does not exist and the
 * command is allowed anyway), and the target around it. Also the small response builders every
 * handler shares, so that allocation-length truncation (SPC-4 §4.2.5.6) is done one way everywhere.
 */
public record CommandContext(ScsiCommand command, Cdb cdb, CommandDescriptor descriptor, LogicalUnit unit,
                             LogicalUnitTable target) {

    /** @return the nexus the command came through */
    public ItNexus nexus() {
        return command.nexus();
    }

    /** @return the allocator for data-in buffers */
    public ByteBufAllocator allocator() {
        return target.allocator();
    }

    /** @return the write data, or {@code null}; owned by the dispatcher (never release it) */
    public ByteBuf dataOut() {
        return command.dataOut();
    }

    /** @return the number of data-out bytes that arrived */
    public int dataOutLength() {
        ByteBuf d = command.dataOut();
        return d == null ? 0 : d.readableBytes();
    }

    /**
     * The parameter list a command sent as data-out, copied into an array: the first
     * {@code min(parameterListLength, bytes that arrived)} bytes (SPC-4 §4.2.5.5).
     */
    public byte[] parameterList(long parameterListLength) {
        ByteBuf d = command.dataOut();
        if (d == null) {
            return new byte[0];
        }
        int n = (int) Math.min(parameterListLength, d.readableBytes());
        byte[] out = new byte[n];
        d.getBytes(d.readerIndex(), out);
        return out;
    }

    /** GOOD status, no data. */
    public static ScsiResponse good() {
        return GOOD;
    }

    /** GOOD status, no data, with the CDB's transfer length (in bytes) for residual accounting. */
    public static ScsiResponse good(long transferLength) {
        return new ScsiResponse(ScsiResponse.GOOD, null, null, transferLength);
    }

    /**
     * GOOD status with parameter data built in memory, truncated to the allocation length: the
     * initiator gets {@code min(length, allocationLength)} bytes and never more.
     */
    public static ScsiResponse dataIn(byte[] data, int length, long allocationLength) {
        int n = (int) Math.min(length, allocationLength);
        if (n == 0) {
            return GOOD;
        }
        return new ScsiResponse(ScsiResponse.GOOD, Unpooled.wrappedBuffer(data, 0, n), null, -1);
    }

    /** @return and removes the oldest unit attention pending for this nexus on this LU, or {@code null} */
    public SenseReason pollUnitAttention() {
        return unit == null ? null : unit.attentions().poll(command.nexus());
    }

    /**
     * Queues a unit attention for every other I_T nexus known to this LU (e.g. MODE PARAMETERS
     * CHANGED after a MODE SELECT, SPC-4 §7.5.1); nothing when there is no LU.
     */
    public void establishUnitAttentionForOthers(SenseReason reason) {
        if (unit != null) {
            unit.attentions().establishForOthers(command.nexus(), reason);
        }
    }

    private static final ScsiResponse GOOD = new ScsiResponse(ScsiResponse.GOOD, null, null, -1);
}
