package org.snaptarget.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.iscsi.login.LoginFixtures.*;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The C bit in both directions (RFC 7143 §11.12, §11.13: the Continue bit of Login Request and Response). */
class LoginContinuationTest {

    @Test
    void requestSplitInsideAPairIsAssembledBeforeItIsAnswered() {
        LoginNegotiator n = negotiator();
        byte[] whole = text("InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET, "AuthMethod=None");
        int a = 10;
        int b = 40;
        LoginResponse r1 = n.process(continued(0, Arrays.copyOfRange(whole, 0, a)));
        LoginResponse r2 = n.process(continued(0, Arrays.copyOfRange(whole, a, b)));
        for (LoginResponse partial : List.of(r1, r2)) {
            assertEquals(LoginStatus.SUCCESS, partial.status());
            assertFalse(partial.transit());
            assertFalse(partial.continueFlag());
            assertEquals(0, partial.text().length);
        }
        LoginRequest last = new LoginRequest(true, false, 0, 1, 0, 0, 0x400001370000L, 0, 0, 1, 1, 0,
                Arrays.copyOfRange(whole, b, whole.length));
        LoginResponse r3 = n.process(last);
        assertTrue(r3.transit());
        assertEquals("None", keys(r3).get("AuthMethod"));
        assertEquals("1", keys(r3).get("TargetPortalGroupTag"));
    }

    @Test
    void requestTextBeyondTheAssemblyLimitIsAnInitiatorError() {
        LoginNegotiator n = negotiator();
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'A');
        LoginResponse r = null;
        for (int i = 0; i <= LoginNegotiator.MAX_REQUEST_TEXT / chunk.length && !n.failed(); i++) {
            r = n.process(continued(0, chunk));
        }
        assertTrue(n.failed());
        assertEquals(LoginStatus.INITIATOR_ERROR, r.status());
    }

    /** A request with 300 unknown extension keys makes an answer longer than 8192 bytes. */
    private static LoginRequest manyUnknownKeys(int count) {
        String[] pairs = new String[count + 3];
        pairs[0] = "InitiatorName=" + INITIATOR;
        pairs[1] = "TargetName=" + OPEN_TARGET;
        pairs[2] = "AuthMethod=None";
        for (int i = 0; i < count; i++) {
            pairs[i + 3] = String.format("X-com.example.extension-key-%04d=1", i);
        }
        return request(true, 0, 1, pairs);
    }

    @Test
    void longResponseGoesOutIn8192BytePiecesAndOnlyTheLastTransits() {
        LoginNegotiator n = negotiator();
        LoginResponse first = n.process(manyUnknownKeys(300));
        assertEquals(LoginStatus.SUCCESS, first.status());
        assertTrue(first.continueFlag());
        assertFalse(first.transit());
        assertEquals(8192, first.text().length);

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(first.text());
        LoginResponse piece = first;
        int pieces = 1;
        while (piece.continueFlag()) {
            piece = n.process(request(true, 0, 1));
            assertEquals(LoginStatus.SUCCESS, piece.status());
            assertTrue(piece.text().length <= 8192);
            all.writeBytes(piece.text());
            pieces++;
        }
        assertTrue(pieces >= 2);
        assertTrue(piece.transit(), "the last piece carries the transit");
        assertEquals(1, piece.nsg());
        Map<String, String> k = keys(all.toByteArray());
        assertEquals(303, k.size(), "TPGT, TargetAlias, AuthMethod and 300 NotUnderstood");
        assertEquals("NotUnderstood", k.get("X-com.example.extension-key-0299"));

        LoginResponse op = n.process(request(true, 1, 3));
        assertTrue(n.complete(), n.failureReason());
        assertEquals(3, op.nsg());
    }

    @Test
    void nonEmptyRequestWhileOurResponseContinuesIsAnInitiatorError() {
        LoginNegotiator n = negotiator();
        assertTrue(n.process(manyUnknownKeys(300)).continueFlag());
        LoginResponse r = n.process(request(false, 0, 1, "MaxBurstLength=262144"));
        assertEquals(LoginStatus.INITIATOR_ERROR, r.status());
        assertTrue(n.failed());
    }

    @Test
    void responsePiecesConcatenateToTheWholeAnswer() {
        LoginNegotiator split = negotiator();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        LoginResponse piece = split.process(manyUnknownKeys(400));
        all.writeBytes(piece.text());
        while (piece.continueFlag()) {
            piece = split.process(request(false, 0, 1));
            all.writeBytes(piece.text());
        }
        byte[] expected = TextCodec.encode(List.of());
        assertEquals(0, expected.length);
        byte[] bytes = all.toByteArray();
        assertEquals(0, bytes[bytes.length - 1], "ends with the NUL of the last pair");
        assertArrayEquals(bytes, TextCodec.encode(parse(bytes)));
    }

    private static List<KeyValue> parse(byte[] b) {
        try {
            return TextCodec.parse(b);
        } catch (MalformedTextException e) {
            throw new AssertionError(e);
        }
    }
}
