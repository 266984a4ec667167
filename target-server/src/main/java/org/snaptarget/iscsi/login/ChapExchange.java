package org.snaptarget.iscsi.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * The target side of one CHAP exchange in the security stage (RFC 7143 §12.1.3, RFC 1994).
 *
 * <pre>
 *   I-&gt;T  CHAP_A=&lt;A1,A2,...&gt;
 *   T-&gt;I  CHAP_A=&lt;A&gt; CHAP_I=&lt;I&gt; CHAP_C=&lt;C&gt;
 *   I-&gt;T  CHAP_N=&lt;N&gt; CHAP_R=&lt;R&gt;   [CHAP_I=&lt;I'&gt; CHAP_C=&lt;C'&gt;  for mutual CHAP]
 *   T-&gt;I  [CHAP_N=&lt;N'&gt; CHAP_R=&lt;R'&gt;]
 * </pre>
 *
 * <p>States advance strictly AWAIT_ALGORITHM → AWAIT_RESPONSE → DONE; a key out of turn is an
 * initiator error, a wrong name or response an authentication failure. The initiator's response
 * is verified (in constant time) before any mutual answer is computed, and a mutual challenge
 * equal to ours (a reflection attack) is refused. Our challenge is at least as long as the digest
 * and never shorter than 16 bytes; identifier and challenge come from the supplied generator,
 * which must be a {@link java.security.SecureRandom} outside tests.
 */
final class ChapExchange {

    private enum State { AWAIT_ALGORITHM, AWAIT_RESPONSE, DONE }

    /** Largest binary length of CHAP_C / CHAP_R (RFC 7143 §12.1.3). */
    static final int MAX_BINARY_LENGTH = 1024;

    private final ChapSecret initiatorCredential;
    private final Optional<ChapSecret> targetCredential;
    private final RandomGenerator random;

    private State state = State.AWAIT_ALGORITHM;
    private ChapAlgorithm algorithm;
    private int identifier;
    private byte[] challenge;

    ChapExchange(ChapSecret initiatorCredential, Optional<ChapSecret> targetCredential, RandomGenerator random) {
        this.initiatorCredential = initiatorCredential;
        this.targetCredential = targetCredential;
        this.random = random;
    }

    boolean done() {
        return state == State.DONE;
    }

    /**
     * Consumes the CHAP_* keys of one request (key → value) and returns the keys to answer.
     *
     * @throws LoginFailure 02/00 for keys out of turn or malformed values, 02/01 for an
     *                      unsupported algorithm list, a wrong name or response, a refused mutual
     *                      challenge
     */
    List<KeyValue> accept(Map<String, String> keys) throws LoginFailure {
        return switch (state) {
            case AWAIT_ALGORITHM -> chooseAlgorithm(keys);
            case AWAIT_RESPONSE -> verifyResponse(keys);
            case DONE -> throw new LoginFailure(LoginStatus.INITIATOR_ERROR,
                    "CHAP keys " + keys.keySet() + " after the CHAP exchange finished");
        };
    }

    private List<KeyValue> chooseAlgorithm(Map<String, String> keys) throws LoginFailure {
        String offered = keys.get("CHAP_A");
        if (offered == null || keys.size() != 1) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR,
                    "CHAP exchange must start with CHAP_A alone, got " + keys.keySet());
        }
        for (String item : ValueFormats.parseList(offered)) {
            OptionalLong code = ValueFormats.parseNumber(item);
            if (code.isPresent() && ChapAlgorithm.ofCode(code.getAsLong()).isPresent()) {
                algorithm = ChapAlgorithm.ofCode(code.getAsLong()).orElseThrow();
                break;
            }
        }
        if (algorithm == null) {
            throw new LoginFailure(LoginStatus.AUTHENTICATION_FAILURE,
                    "no supported CHAP algorithm in CHAP_A=" + offered + " (we support 5, 6, 7, 8)");
        }
        identifier = random.nextInt(256);
        challenge = new byte[Math.max(16, algorithm.digestLength())];
        random.nextBytes(challenge);
        state = State.AWAIT_RESPONSE;
        return List.of(new KeyValue("CHAP_A", Integer.toString(algorithm.code())),
                new KeyValue("CHAP_I", Integer.toString(identifier)),
                new KeyValue("CHAP_C", ValueFormats.formatHex(challenge)));
    }

    private List<KeyValue> verifyResponse(Map<String, String> keys) throws LoginFailure {
        if (keys.containsKey("CHAP_A")) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "CHAP_A sent again after the algorithm was chosen");
        }
        String name = keys.get("CHAP_N");
        String response = keys.get("CHAP_R");
        if (name == null || response == null) {
            throw new LoginFailure(LoginStatus.AUTHENTICATION_FAILURE,
                    "CHAP needs both CHAP_N and CHAP_R, got " + keys.keySet());
        }
        byte[] got = ValueFormats.parseBinary(response).orElseThrow(() -> new LoginFailure(
                LoginStatus.INITIATOR_ERROR, "CHAP_R is not a 0x or 0b binary value"));
        byte[] expected = algorithm.response(identifier, initiatorCredential.secretBytes(), challenge);
        boolean nameOk = MessageDigest.isEqual(name.getBytes(StandardCharsets.UTF_8),
                initiatorCredential.user().getBytes(StandardCharsets.UTF_8));
        boolean responseOk = MessageDigest.isEqual(got, expected);
        if (!nameOk || !responseOk) {
            throw new LoginFailure(LoginStatus.AUTHENTICATION_FAILURE,
                    nameOk ? "CHAP_R does not match the secret of " + name : "unknown CHAP user " + name);
        }
        state = State.DONE;
        String mutualId = keys.get("CHAP_I");
        String mutualChallenge = keys.get("CHAP_C");
        if (mutualId == null && mutualChallenge == null) {
            return List.of();
        }
        return answerMutual(mutualId, mutualChallenge);
    }

    private List<KeyValue> answerMutual(String idText, String challengeText) throws LoginFailure {
        if (idText == null || challengeText == null) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR,
                    "mutual CHAP needs both CHAP_I and CHAP_C, got only " + (idText == null ? "CHAP_C" : "CHAP_I"));
        }
        OptionalLong id = ValueFormats.parseNumber(idText);
        if (id.isEmpty() || id.getAsLong() > 255) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "CHAP_I=" + idText + " is not a number 0..255");
        }
        byte[] theirChallenge = ValueFormats.parseBinary(challengeText).orElseThrow(() -> new LoginFailure(
                LoginStatus.INITIATOR_ERROR, "CHAP_C is not a 0x or 0b binary value"));
        if (theirChallenge.length > MAX_BINARY_LENGTH) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR,
                    "CHAP_C is " + theirChallenge.length + " bytes, more than " + MAX_BINARY_LENGTH);
        }
        if (MessageDigest.isEqual(theirChallenge, challenge)) {
            throw new LoginFailure(LoginStatus.AUTHENTICATION_FAILURE,
                    "mutual CHAP challenge reflects the target's own challenge");
        }
        ChapSecret ours = targetCredential.orElseThrow(() -> new LoginFailure(LoginStatus.AUTHENTICATION_FAILURE,
                "initiator asked for mutual CHAP but the target has no mutual CHAP secret"));
        byte[] answer = algorithm.response((int) id.getAsLong(), ours.secretBytes(), theirChallenge);
        return List.of(new KeyValue("CHAP_N", ours.user()), new KeyValue("CHAP_R", ValueFormats.formatHex(answer)));
    }
}
