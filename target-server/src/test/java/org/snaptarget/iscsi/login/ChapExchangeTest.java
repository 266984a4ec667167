package org.snaptarget.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ChapExchangeTest {

    private static final ChapSecret ALICE = new ChapSecret("alice", "alice-secret-12");
    private static final ChapSecret TARGET = new ChapSecret("target-bob", "bob-secret-4567");

    /** What a correct initiator computes, independently of ChapAlgorithm. */
    private static String initiatorResponse(String jcaName, int id, String secret, byte[] challenge) throws Exception {
        MessageDigest md = MessageDigest.getInstance(jcaName);
        md.update((byte) id);
        md.update(secret.getBytes(StandardCharsets.UTF_8));
        md.update(challenge);
        return "0x" + HexFormat.of().formatHex(md.digest());
    }

    private static Map<String, String> map(List<KeyValue> kvs) {
        Map<String, String> m = new LinkedHashMap<>();
        kvs.forEach(kv -> m.put(kv.key(), kv.value()));
        return m;
    }

    private static Map<String, String> keys(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static ChapExchange exchange(Optional<ChapSecret> mutual) {
        return new ChapExchange(ALICE, mutual, new SplittableRandom(42));
    }

    @Test
    void oneWayMd5AcceptsTheRightResponse() throws Exception {
        ChapExchange x = exchange(Optional.empty());
        Map<String, String> challenge = map(x.accept(keys("CHAP_A", "5")));
        assertEquals("5", challenge.get("CHAP_A"));
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        byte[] c = ValueFormats.parseBinary(challenge.get("CHAP_C")).orElseThrow();
        assertTrue(id >= 0 && id <= 255);
        assertEquals(16, c.length);
        assertFalse(x.done());
        List<KeyValue> answer = x.accept(keys("CHAP_N", "alice", "CHAP_R", initiatorResponse("MD5", id, "alice-secret-12", c)));
        assertEquals(List.of(), answer);
        assertTrue(x.done());
    }

    @Test
    void picksTheFirstSupportedAlgorithmInTheInitiatorsOrder() throws Exception {
        ChapExchange x = exchange(Optional.empty());
        Map<String, String> challenge = map(x.accept(keys("CHAP_A", "0x80,7,5")));
        assertEquals("7", challenge.get("CHAP_A"));
        byte[] c = ValueFormats.parseBinary(challenge.get("CHAP_C")).orElseThrow();
        assertTrue(c.length >= 32, "challenge at least as long as a SHA-256 digest");
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        x.accept(keys("CHAP_N", "alice", "CHAP_R", initiatorResponse("SHA-256", id, "alice-secret-12", c)));
        assertTrue(x.done());
    }

    @Test
    void acceptsBase64EncodedResponse() throws Exception {
        ChapExchange x = exchange(Optional.empty());
        Map<String, String> challenge = map(x.accept(keys("CHAP_A", "6")));
        byte[] c = ValueFormats.parseBinary(challenge.get("CHAP_C")).orElseThrow();
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        byte[] r = HexFormat.of().parseHex(initiatorResponse("SHA-1", id, "alice-secret-12", c).substring(2));
        x.accept(keys("CHAP_N", "alice", "CHAP_R", "0b" + java.util.Base64.getEncoder().encodeToString(r)));
        assertTrue(x.done());
    }

    @Test
    void refusesAlgorithmListWithNothingWeSupport() {
        LoginFailure f = assertThrows(LoginFailure.class, () -> exchange(Optional.empty()).accept(keys("CHAP_A", "128,129")));
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, f.status());
    }

    @Test
    void wrongSecretIsAnAuthenticationFailure() throws Exception {
        ChapExchange x = exchange(Optional.empty());
        Map<String, String> challenge = map(x.accept(keys("CHAP_A", "5")));
        byte[] c = ValueFormats.parseBinary(challenge.get("CHAP_C")).orElseThrow();
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        LoginFailure f = assertThrows(LoginFailure.class, () -> x.accept(keys("CHAP_N", "alice",
                "CHAP_R", initiatorResponse("MD5", id, "wrong-secret-99", c))));
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, f.status());
        assertFalse(x.done());
    }

    @Test
    void wrongUserIsAnAuthenticationFailureEvenWithTheRightResponse() throws Exception {
        ChapExchange x = exchange(Optional.empty());
        Map<String, String> challenge = map(x.accept(keys("CHAP_A", "5")));
        byte[] c = ValueFormats.parseBinary(challenge.get("CHAP_C")).orElseThrow();
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        LoginFailure f = assertThrows(LoginFailure.class, () -> x.accept(keys("CHAP_N", "mallory",
                "CHAP_R", initiatorResponse("MD5", id, "alice-secret-12", c))));
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, f.status());
    }

    @Test
    void responseOfWrongLengthIsAnAuthenticationFailure() throws Exception {
        ChapExchange x = exchange(Optional.empty());
        x.accept(keys("CHAP_A", "5"));
        LoginFailure f = assertThrows(LoginFailure.class, () -> x.accept(keys("CHAP_N", "alice", "CHAP_R", "0x00")));
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, f.status());
    }

    @Test
    void undecodableResponseIsAnInitiatorError() throws Exception {
        ChapExchange x = exchange(Optional.empty());
        x.accept(keys("CHAP_A", "5"));
        LoginFailure f = assertThrows(LoginFailure.class, () -> x.accept(keys("CHAP_N", "alice", "CHAP_R", "nothex")));
        assertEquals(LoginStatus.INITIATOR_ERROR, f.status());
    }

    @Test
    void missingResponseKeyIsAnAuthenticationFailure() throws Exception {
        ChapExchange x = exchange(Optional.empty());
        x.accept(keys("CHAP_A", "5"));
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE,
                assertThrows(LoginFailure.class, () -> x.accept(keys("CHAP_N", "alice"))).status());
    }

    @Test
    void keysOutOfTurnAreInitiatorErrors() throws Exception {
        assertEquals(LoginStatus.INITIATOR_ERROR, assertThrows(LoginFailure.class,
                () -> exchange(Optional.empty()).accept(keys("CHAP_N", "alice", "CHAP_R", "0x00"))).status());
        assertEquals(LoginStatus.INITIATOR_ERROR, assertThrows(LoginFailure.class,
                () -> exchange(Optional.empty()).accept(keys("CHAP_A", "5", "CHAP_N", "alice"))).status());
        ChapExchange x = exchange(Optional.empty());
        x.accept(keys("CHAP_A", "5"));
        assertEquals(LoginStatus.INITIATOR_ERROR,
                assertThrows(LoginFailure.class, () -> x.accept(keys("CHAP_A", "5"))).status());
    }

    @Test
    void chapKeysAfterSuccessAreInitiatorErrors() throws Exception {
        ChapExchange x = exchange(Optional.empty());
        Map<String, String> challenge = map(x.accept(keys("CHAP_A", "5")));
        byte[] c = ValueFormats.parseBinary(challenge.get("CHAP_C")).orElseThrow();
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        x.accept(keys("CHAP_N", "alice", "CHAP_R", initiatorResponse("MD5", id, "alice-secret-12", c)));
        assertEquals(LoginStatus.INITIATOR_ERROR,
                assertThrows(LoginFailure.class, () -> x.accept(keys("CHAP_A", "5"))).status());
    }

    @Test
    void mutualChapAnswersWithTheTargetCredential() throws Exception {
        ChapExchange x = exchange(Optional.of(TARGET));
        Map<String, String> challenge = map(x.accept(keys("CHAP_A", "7")));
        byte[] c = ValueFormats.parseBinary(challenge.get("CHAP_C")).orElseThrow();
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        byte[] ourChallenge = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef");
        Map<String, String> answer = map(x.accept(keys("CHAP_N", "alice",
                "CHAP_R", initiatorResponse("SHA-256", id, "alice-secret-12", c),
                "CHAP_I", "77", "CHAP_C", "0x0123456789ABCDEF0123456789ABCDEF")));
        assertEquals("target-bob", answer.get("CHAP_N"));
        assertEquals(initiatorResponse("SHA-256", 77, "bob-secret-4567", ourChallenge), answer.get("CHAP_R"));
        assertTrue(x.done());
    }

    @Test
    void reflectedChallengeIsRefused() throws Exception {
        ChapExchange x = exchange(Optional.of(TARGET));
        Map<String, String> challenge = map(x.accept(keys("CHAP_A", "5")));
        byte[] c = ValueFormats.parseBinary(challenge.get("CHAP_C")).orElseThrow();
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        LoginFailure f = assertThrows(LoginFailure.class, () -> x.accept(keys("CHAP_N", "alice",
                "CHAP_R", initiatorResponse("MD5", id, "alice-secret-12", c),
                "CHAP_I", Integer.toString(id), "CHAP_C", challenge.get("CHAP_C"))));
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, f.status());
    }

    @Test
    void mutualRequestWithoutTargetSecretIsAnAuthenticationFailure() throws Exception {
        ChapExchange x = exchange(Optional.empty());
        Map<String, String> challenge = map(x.accept(keys("CHAP_A", "5")));
        byte[] c = ValueFormats.parseBinary(challenge.get("CHAP_C")).orElseThrow();
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        LoginFailure f = assertThrows(LoginFailure.class, () -> x.accept(keys("CHAP_N", "alice",
                "CHAP_R", initiatorResponse("MD5", id, "alice-secret-12", c), "CHAP_I", "1", "CHAP_C", "0x1234")));
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, f.status());
    }

    @Test
    void halfAMutualRequestIsAnInitiatorError() throws Exception {
        ChapExchange x = exchange(Optional.of(TARGET));
        Map<String, String> challenge = map(x.accept(keys("CHAP_A", "5")));
        byte[] c = ValueFormats.parseBinary(challenge.get("CHAP_C")).orElseThrow();
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        LoginFailure f = assertThrows(LoginFailure.class, () -> x.accept(keys("CHAP_N", "alice",
                "CHAP_R", initiatorResponse("MD5", id, "alice-secret-12", c), "CHAP_I", "1")));
        assertEquals(LoginStatus.INITIATOR_ERROR, f.status());
    }

    @Test
    void mutualIdentifierOutOfRangeIsAnInitiatorError() throws Exception {
        ChapExchange x = exchange(Optional.of(TARGET));
        Map<String, String> challenge = map(x.accept(keys("CHAP_A", "5")));
        byte[] c = ValueFormats.parseBinary(challenge.get("CHAP_C")).orElseThrow();
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        LoginFailure f = assertThrows(LoginFailure.class, () -> x.accept(keys("CHAP_N", "alice",
                "CHAP_R", initiatorResponse("MD5", id, "alice-secret-12", c), "CHAP_I", "256", "CHAP_C", "0x1234")));
        assertEquals(LoginStatus.INITIATOR_ERROR, f.status());
    }

    @Test
    void challengesDifferBetweenExchanges() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        String c1 = map(new ChapExchange(ALICE, Optional.empty(), random).accept(keys("CHAP_A", "5"))).get("CHAP_C");
        String c2 = map(new ChapExchange(ALICE, Optional.empty(), random).accept(keys("CHAP_A", "5"))).get("CHAP_C");
        assertFalse(c1.equals(c2));
    }
}
