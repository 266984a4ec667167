package org.snaptarget.iscsi.login;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Text Request handling in full-feature phase (RFC 7143 §11.10, §13, Appendix C): SendTargets,
 * declarations, and the answers the RFC prescribes for everything else.
 *
 * <p>Answers: SendTargets per {@link SendTargetsResponder}; InitiatorAlias and
 * MaxRecvDataSegmentLength (the only declarations usable after login) are accepted without an
 * answer, the latter exposed by {@link #declaredMaxRecvDataSegmentLength()} for the session layer
 * to apply (out of range: "Reject"); keys that may only be used during login "Reject"; unknown
 * keys, including X- and X# extensions, "NotUnderstood". Text that breaks RFC 7143 §6.1 (or
 * repeats a key) gets an empty answer and {@link #lastError()} says why, so the session layer can
 * answer with a Reject PDU instead. Not thread-safe.
 */
public final class TextNegotiator {

    private final SendTargetsResponder sendTargets;
    private final NegotiatedSession session;
    private OptionalInt declaredMaxRecv = OptionalInt.empty();
    private String lastError;

    public TextNegotiator(TargetCatalog catalog, Portal localPortal, NegotiatedSession session) {
        this.sendTargets = new SendTargetsResponder(Objects.requireNonNull(catalog, "catalog"),
                Objects.requireNonNull(localPortal, "localPortal"));
        this.session = Objects.requireNonNull(session, "session");
    }

    /** Returns the response data for one complete (continuation-assembled) request; never throws. */
    public byte[] respond(byte[] requestText) {
        lastError = null;
        List<KeyValue> keys;
        try {
            keys = TextCodec.parse(requestText == null ? new byte[0] : requestText);
        } catch (MalformedTextException e) {
            lastError = e.getMessage();
            return new byte[0];
        }
        List<KeyValue> out = new ArrayList<>();
        for (KeyValue kv : keys) {
            String k = kv.key();
            Optional<OperationalKey> op = OperationalKey.byName(k);
            if (k.equals(KeyNames.SEND_TARGETS)) {
                out.addAll(sendTargets.answer(kv.value(), session.initiatorName(), session.target()));
            } else if (k.equals(KeyNames.INITIATOR_ALIAS)) {
                continue;
            } else if (op.isPresent() && op.get() == OperationalKey.MAX_RECV_DATA_SEGMENT_LENGTH) {
                OptionalLong v = ValueFormats.parseNumber(kv.value());
                if (v.isPresent() && op.get().inRange(v.getAsLong())) {
                    declaredMaxRecv = OptionalInt.of((int) v.getAsLong());
                } else {
                    out.add(KeyValue.reject(k));
                }
            } else if (op.isPresent() || KeyNames.LOGIN_ONLY.contains(k)) {
                out.add(KeyValue.reject(k));
            } else {
                out.add(KeyValue.notUnderstood(k));
            }
        }
        return TextCodec.encode(out);
    }

    /** The latest MaxRecvDataSegmentLength the initiator declared in full-feature phase, if any. */
    public OptionalInt declaredMaxRecvDataSegmentLength() {
        return declaredMaxRecv;
    }

    /** Why the last request got an empty answer because its text was malformed; null otherwise. */
    public String lastError() {
        return lastError;
    }
}
