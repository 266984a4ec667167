package org.snaptarget.iscsi.session;

import io.netty.buffer.ByteBuf;
import org.snaptarget.iscsi.pdu.Bhs;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * One connection's Text Request/Response exchange in full-feature phase (RFC 7143 §11.10-11):
 * a request split with C=1 is collected (each part answered by an empty response carrying a TTT),
 * and a response longer than the initiator's MaxRecvDataSegmentLength is handed out in parts with
 * C=1, each released by an empty Text Request that echoes the TTT.
 *
 * <p>Invariant: at most one exchange is in progress; a request with TTT FFFFFFFF starts a new one and
 * discards any unfinished state (§11.10.4). Not thread-safe.
 */
public final class TextExchange {

    /** Longest request text accepted (64 KiB of keys is far beyond any real negotiation). */
    public static final int MAX_REQUEST = 64 * 1024;

    /** One Text Response to send. */
    public record Reply(boolean finalFlag, boolean continueFlag, int targetTransferTag, byte[] data) {
    }

    /** A request this exchange cannot accept (the caller rejects the PDU). */
    public static final class TextException extends Exception {
        TextException(String message) {
            super(message, null, false, false);
        }
    }

    private final TextResponder responder;
    private int maxSegment;
    private final ByteArrayOutputStream request = new ByteArrayOutputStream();
    private byte[] pendingResponse;
    private int pendingOffset;
    private int tag;
    private int nextTag = 1;

    public TextExchange(TextResponder responder, int initiatorMaxRecvDataSegmentLength) {
        this.responder = responder;
        this.maxSegment = initiatorMaxRecvDataSegmentLength;
    }

    /**
     * Handles one Text Request PDU.
     *
     * @param finalFlag       the request's F bit
     * @param continueFlag    the request's C bit
     * @param targetTransferTag the request's TTT
     * @param data            its data segment (not retained)
     */
    public Reply handle(boolean finalFlag, boolean continueFlag, int targetTransferTag, ByteBuf data)
            throws TextException {
        if (targetTransferTag == Bhs.RESERVED_TAG) {
            reset();
        } else if (targetTransferTag != tag) {
            reset();
            throw new TextException("Text Request TTT " + Integer.toHexString(targetTransferTag)
                    + " does not continue the exchange in progress");
        }
        if (pendingResponse != null) {
            if (data.isReadable()) {
                reset();
                throw new TextException("Text Request with data while a response continues");
            }
            return nextPart();
        }
        if (request.size() + data.readableBytes() > MAX_REQUEST) {
            reset();
            throw new TextException("Text Request longer than " + MAX_REQUEST + " bytes");
        }
        byte[] bytes = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), bytes);
        request.writeBytes(bytes);
        if (continueFlag) {
            if (finalFlag) {
                reset();
                throw new TextException("Text Request with both F and C set");
            }
            return new Reply(false, false, newTag(), new byte[0]);
        }
        byte[] text = request.toByteArray();
        request.reset();
        pendingResponse = responder.respond(text);
        responder.declaredMaxRecvDataSegmentLength().ifPresent(v -> maxSegment = v);
        pendingOffset = 0;
        if (pendingResponse.length <= maxSegment) {
            byte[] all = pendingResponse;
            pendingResponse = null;
            return new Reply(finalFlag, false, finalFlag ? Bhs.RESERVED_TAG : newTag(), all);
        }
        newTag();
        return nextPart();
    }

    private Reply nextPart() {
        int length = Math.min(maxSegment, pendingResponse.length - pendingOffset);
        byte[] part = Arrays.copyOfRange(pendingResponse, pendingOffset, pendingOffset + length);
        pendingOffset += length;
        if (pendingOffset == pendingResponse.length) {
            pendingResponse = null;
            return new Reply(true, false, Bhs.RESERVED_TAG, part);
        }
        return new Reply(false, true, tag, part);
    }

    private int newTag() {
        tag = nextTag++;
        if (nextTag == Bhs.RESERVED_TAG) {
            nextTag = 1;
        }
        return tag;
    }

    private void reset() {
        request.reset();
        pendingResponse = null;
        pendingOffset = 0;
    }
}
