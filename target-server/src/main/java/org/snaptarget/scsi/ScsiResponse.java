package org.snaptarget.scsi;

import io.netty.buffer.ByteBuf;

/**
 * The outcome of one SCSI command (SAM-5 §5.1: status, sense data, data-in).
 *
 * <p>Ownership: {@code dataIn} (nullable) passes to the transport, which sends at most
 * {@code expectedTransferLength} bytes of it and releases it.
 *
 * @param status          SAM status byte (0x00 GOOD, 0x02 CHECK CONDITION, 0x08 BUSY, 0x18 RESERVATION CONFLICT, 0x28 TASK SET FULL)
 * @param dataIn          read data, or {@code null}
 * @param sense           sense data (fixed format, SPC-4 §4.5.3) for CHECK CONDITION, else {@code null}
 * @param transferLength  the number of bytes the command itself would move (from its CDB), used by the
 *                        transport to compute residual counts (RFC 7143 §11.4.5); -1 when it equals the data-in length
 */
public record ScsiResponse(int status, ByteBuf dataIn, byte[] sense, long transferLength) {

    public static final int GOOD = 0x00;
    public static final int CHECK_CONDITION = 0x02;
    public static final int BUSY = 0x08;
    public static final int RESERVATION_CONFLICT = 0x18;
    public static final int TASK_SET_FULL = 0x28;
    public static final int TASK_ABORTED = 0x40;
}
