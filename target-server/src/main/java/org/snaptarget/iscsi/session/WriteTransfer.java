package org.snaptarget.iscsi.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import org.snaptarget.iscsi.pdu.Bhs;
import org.snaptarget.iscsi.pdu.DataOutPdu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the write data of one SCSI command (RFC 7143 §4.2.5.1-2, §11.7, §11.8): immediate data,
 * then unsolicited Data-Out PDUs (TTT FFFFFFFF, up to FirstBurstLength in total, ended by an F bit),
 * then solicited Data-Out answering this target's R2Ts (at most MaxBurstLength each, at most
 * MaxOutstandingR2T in progress).
 *
 * <p>Invariants: within each sequence (the unsolicited one, and one per R2T) DataSN counts up from 0
 * (§11.7.7); the data arrives in buffer-offset order (DataPDUInOrder and DataSequenceInOrder are
 * Yes — their result function is OR, so this target's Yes always wins, §13.19-20); {@code received}
 * bytes at offsets [0, received) are held, as retained slices of the receive buffers, in one
 * composite buffer (no copy); R2Ts are issued for offsets in increasing order once the unsolicited
 * sequence has ended. Data-Out PDUs are matched by ITT (the caller's key) and TTT, never by LUN.
 *
 * <p>Ownership: the composite belongs to this object until {@link #takeData} hands it over, or
 * {@link #release} drops it (abort, teardown). Not thread-safe: the connection's event loop owns it.
 */
public final class WriteTransfer {

    /** One R2T this target sent and whose data has not fully arrived. */
    public record OutstandingR2t(int targetTransferTag, int r2tSN, int offset, int length) {
        int end() {
            return offset + length;
        }
    }

    /** Why a Data-Out PDU does not fit (the caller rejects it, RFC 7143 §11.17.1, and fails the task). */
    public static final class DataOutException extends Exception {
        private final boolean offsetError;

        DataOutException(String message) {
            this(message, false);
        }

        DataOutException(String message, boolean offsetError) {
            super(message, null, false, false);
            this.offsetError = offsetError;
        }

        /** True for a buffer offset that is not the next expected one (SAM sense DATA OFFSET ERROR). */
        public boolean offsetError() {
            return offsetError;
        }
    }

    private final int expectedLength;
    private final TransferSettings settings;
    private final CompositeByteBuf data;
    private final ArrayDeque<OutstandingR2t> outstanding = new ArrayDeque<>();
    private final int unsolicitedLimit;
    private boolean unsolicitedOpen;
    private int received;
    private int nextR2tOffset;
    private int nextR2tSN;
    private boolean handedOver;
    /** DataSN expected in the next Data-Out of the current sequence (each sequence counts from 0, §11.7.7). */
    private int expectedDataSN;

    /**
     * Starts a transfer from the command PDU.
     *
     * @param expectedLength   the command's Expected Data Transfer Length
     * @param immediate        the command's data segment (retained here if not empty; the caller keeps its own reference)
     * @param commandFinalBit  the command's F bit: no unsolicited Data-Out follows
     * @throws DataOutException if the immediate data breaks the negotiated limits
     */
    public WriteTransfer(ByteBufAllocator alloc, int expectedLength, ByteBuf immediate, boolean commandFinalBit,
                         TransferSettings settings) throws DataOutException {
        this.expectedLength = expectedLength;
        this.settings = settings;
        this.unsolicitedLimit = settings.initialR2T() ? 0 : Math.min(settings.firstBurstLength(), expectedLength);
        int immediateLength = immediate.readableBytes();
        if (immediateLength > 0 && !settings.immediateData()) {
            throw new DataOutException("immediate data sent although ImmediateData=No");
        }
        if (immediateLength > Math.min(settings.firstBurstLength(), expectedLength)) {
            throw new DataOutException("immediate data of " + immediateLength + " bytes exceeds min(FirstBurstLength "
                    + settings.firstBurstLength() + ", EDTL " + expectedLength + ")");
        }
        if (!commandFinalBit && settings.initialR2T()) {
            throw new DataOutException("F=0 announces unsolicited Data-Out although InitialR2T=Yes");
        }
        this.data = alloc.compositeDirectBuffer(Integer.MAX_VALUE);
        if (immediateLength > 0) {
            data.addComponent(true, immediate.retainedSlice());
            received = immediateLength;
        }
        unsolicitedOpen = !commandFinalBit && received < unsolicitedLimit;
        nextR2tOffset = received;
    }

    /**
     * Accepts one Data-Out PDU's data (retaining a slice of it; the caller still releases the PDU).
     *
     * @throws DataOutException if its TTT, offset or length does not match what this target expects
     */
    public void accept(DataOutPdu pdu) throws DataOutException {
        int length = pdu.data().readableBytes();
        int offset = pdu.bufferOffset();
        if (pdu.dataSN() != expectedDataSN) {
            throw new DataOutException("Data-Out DataSN " + Integer.toUnsignedString(pdu.dataSN()) + ", expected "
                    + expectedDataSN);
        }
        if (offset != received) {
            throw new DataOutException("Data-Out at offset " + Integer.toUnsignedString(offset) + ", expected "
                    + received + " (DataPDUInOrder=Yes)", true);
        }
        if (pdu.targetTransferTag() == Bhs.RESERVED_TAG) {
            if (!unsolicitedOpen) {
                throw new DataOutException("unsolicited Data-Out not expected now");
            }
            if ((long) offset + length > unsolicitedLimit) {
                throw new DataOutException("unsolicited data beyond FirstBurstLength");
            }
        } else {
            OutstandingR2t r2t = outstanding.peekFirst();
            if (r2t == null || r2t.targetTransferTag() != pdu.targetTransferTag()) {
                throw new DataOutException("Data-Out TTT " + Integer.toHexString(pdu.targetTransferTag())
                        + " does not match the R2T in progress");
            }
            if ((long) offset + length > r2t.end()) {
                throw new DataOutException("Data-Out overruns its R2T's desired length");
            }
        }
        if (length > 0) {
            data.addComponent(true, pdu.data().retainedSlice());
            received += length;
        }
        expectedDataSN++;
        if (pdu.targetTransferTag() == Bhs.RESERVED_TAG) {
            if (pdu.finalFlag() || received == unsolicitedLimit) {
                unsolicitedOpen = false;
                nextR2tOffset = received;
                expectedDataSN = 0;
            }
        } else if (received == outstanding.peekFirst().end()) {
            outstanding.removeFirst();
            expectedDataSN = 0;
        }
    }

    /**
     * R2Ts to send now: none while unsolicited data may still come, else enough to keep
     * MaxOutstandingR2T in progress until the whole expected length is requested.
     *
     * @param tags source of fresh Target Transfer Tags
     */
    public List<OutstandingR2t> nextR2ts(java.util.function.IntSupplier tags) {
        if (unsolicitedOpen || complete()) {
            return List.of();
        }
        List<OutstandingR2t> issued = new ArrayList<>(2);
        while (outstanding.size() < settings.maxOutstandingR2T() && nextR2tOffset < expectedLength) {
            int length = Math.min(settings.maxBurstLength(), expectedLength - nextR2tOffset);
            OutstandingR2t r2t = new OutstandingR2t(tags.getAsInt(), nextR2tSN++, nextR2tOffset, length);
            outstanding.addLast(r2t);
            issued.add(r2t);
            nextR2tOffset += length;
        }
        return issued;
    }

    /** True once every expected byte has arrived. */
    public boolean complete() {
        return received == expectedLength;
    }

    public int received() {
        return received;
    }

    /** Hands the assembled data to the caller (who must release it). Only once, when {@link #complete()}. */
    public ByteBuf takeData() {
        if (!complete()) {
            throw new IllegalStateException("transfer incomplete: " + received + " of " + expectedLength);
        }
        handedOver = true;
        return data;
    }

    /** Number of R2Ts issued so far (the SCSI Response's ExpDataSN for a write, RFC 7143 §11.4.8). */
    public int r2tCount() {
        return nextR2tSN;
    }

    /** Drops the data collected so far (abort, failure, teardown). */
    public void release() {
        if (!handedOver && data.refCnt() > 0) {
            data.release();
        }
        handedOver = true;
    }
}
