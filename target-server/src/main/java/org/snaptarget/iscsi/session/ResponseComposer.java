package org.snaptarget.iscsi.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.snaptarget.iscsi.pdu.Bhs;
import org.snaptarget.iscsi.pdu.DataInPdu;
import org.snaptarget.iscsi.pdu.Pdu;
import org.snaptarget.iscsi.pdu.ScsiResponsePdu;
import org.snaptarget.scsi.ScsiResponse;

import java.util.function.Consumer;

/**
 * Turns one {@link ScsiResponse} into the PDUs that finish its task (RFC 7143 §11.4, §11.7):
 * Data-In PDUs of at most the initiator's MaxRecvDataSegmentLength, the F bit closing every
 * MaxBurstLength sequence, DataSN from 0 and buffer offsets; the status folded into the last Data-In
 * (S bit) when it is GOOD without sense, else a separate SCSI Response with the SenseLength-prefixed
 * sense data. Residuals (§11.4.5, §11.7.5): the command's own transfer length against the Expected
 * Data Transfer Length gives overflow (O) or underflow (U); at most EDTL bytes are ever sent.
 *
 * <p>Ownership: consumes (releases) the response's data-in buffer; each Data-In carries a retained
 * slice of it, so read data is not copied.
 */
public final class ResponseComposer {

    /** What the transport remembers of the command it answers. */
    public record Command(int initiatorTaskTag, long lun, int expectedDataTransferLength, boolean read,
                          boolean write) {
    }

    private ResponseComposer() {
    }

    /**
     * Emits the PDUs for {@code response} to {@code out}.
     *
     * @param r2tCount R2Ts sent for a write (ExpDataSN of its SCSI Response)
     */
    public static void compose(Command command, ScsiResponse response, int r2tCount, TransferSettings settings,
                               StatusNumbers numbers, ByteBufAllocator alloc, Consumer<Pdu> out) {
        ByteBuf dataIn = response.dataIn();
        try {
            int available = dataIn == null ? 0 : dataIn.readableBytes();
            long edtl = Integer.toUnsignedLong(command.expectedDataTransferLength());
            long wanted;
            if (command.write() && !command.read()) {
                wanted = response.transferLength() < 0 ? edtl : response.transferLength();
            } else {
                wanted = response.transferLength() < 0 ? available : response.transferLength();
            }
            boolean overflow = wanted > edtl;
            boolean underflow = wanted < edtl;
            int residual = (int) (overflow ? wanted - edtl : edtl - wanted);
            int send = command.read() ? (int) Math.min(Math.min(available, edtl), wanted) : 0;
            boolean fold = send > 0 && response.status() == ScsiResponse.GOOD && response.sense() == null;
            int dataSN = 0;
            int offset = 0;
            int burstUsed = 0;
            int segment = settings.initiatorMaxRecvDataSegmentLength();
            while (offset < send) {
                int length = Math.min(segment, Math.min(send - offset, settings.maxBurstLength() - burstUsed));
                boolean last = offset + length == send;
                burstUsed += length;
                boolean endOfSequence = last || burstUsed == settings.maxBurstLength();
                if (endOfSequence) {
                    burstUsed = 0;
                }
                ByteBuf slice = dataIn.retainedSlice(dataIn.readerIndex() + offset, length);
                boolean status = last && fold;
                out.accept(new DataInPdu(endOfSequence, false, status && overflow, status && underflow, status,
                        status ? response.status() : 0, command.lun(), command.initiatorTaskTag(), Bhs.RESERVED_TAG,
                        status ? numbers.nextStatSN() : 0, numbers.expCmdSN(), numbers.maxCmdSN(), dataSN++, offset,
                        status ? residual : 0, slice));
                offset += length;
            }
            if (fold) {
                return;
            }
            ByteBuf senseData = Unpooled.EMPTY_BUFFER;
            byte[] sense = response.sense();
            if (sense != null && sense.length > 0) {
                senseData = alloc.buffer(2 + sense.length);
                senseData.writeShort(sense.length).writeBytes(sense);
            }
            boolean residualValid = overflow || underflow;
            out.accept(new ScsiResponsePdu(false, false, residualValid && overflow, residualValid && underflow,
                    ScsiResponsePdu.COMMAND_COMPLETED, response.status(), command.initiatorTaskTag(), 0,
                    numbers.nextStatSN(), numbers.expCmdSN(), numbers.maxCmdSN(), command.read() ? dataSN : r2tCount,
                    0, residualValid ? residual : 0, senseData));
        } finally {
            if (dataIn != null) {
                dataIn.release();
            }
        }
    }
}
