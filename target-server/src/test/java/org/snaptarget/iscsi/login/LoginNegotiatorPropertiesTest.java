package org.snaptarget.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.iscsi.login.LoginFixtures.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever arrives, {@link LoginNegotiator#process} answers without throwing, and every answer
 * keeps the protocol's invariants.
 */
class LoginNegotiatorPropertiesTest {

    /** Keys with values a real initiator might send, plus some it should not. */
    private static final java.util.Map<String, List<String>> KEY_VALUES = java.util.Map.ofEntries(
            java.util.Map.entry("AuthMethod", List.of("None", "CHAP,None", "CHAP", "Bogus")),
            java.util.Map.entry("CHAP_A", List.of("5", "7,5", "128")),
            java.util.Map.entry("CHAP_N", List.of("alice", "mallory")),
            java.util.Map.entry("CHAP_R", List.of("0x00", "0x" + "ab".repeat(16), "nothex")),
            java.util.Map.entry("CHAP_I", List.of("1", "256")),
            java.util.Map.entry("CHAP_C", List.of("0x0011", "0b")),
            java.util.Map.entry("HeaderDigest", List.of("None,CRC32C", "CRC32C", "Y-x")),
            java.util.Map.entry("DataDigest", List.of("None", "CRC32C,None")),
            java.util.Map.entry("MaxBurstLength", List.of("262144", "0x40000", "1", "08192")),
            java.util.Map.entry("FirstBurstLength", List.of("65536", "99999999999999999999")),
            java.util.Map.entry("MaxRecvDataSegmentLength", List.of("8192", "262144", "100")),
            java.util.Map.entry("InitialR2T", List.of("Yes", "No", "maybe")),
            java.util.Map.entry("ImmediateData", List.of("Yes", "No")),
            java.util.Map.entry("ErrorRecoveryLevel", List.of("0", "2", "7")),
            java.util.Map.entry("MaxConnections", List.of("1", "32")),
            java.util.Map.entry("TaskReporting", List.of("RFC3720", "FastAbort")),
            java.util.Map.entry("OFMarker", List.of("No")),
            java.util.Map.entry("X-vendor.key", List.of("1")),
            java.util.Map.entry("SendTargets", List.of("All")),
            java.util.Map.entry("InitiatorName", List.of(INITIATOR, "")),
            java.util.Map.entry("TargetName", List.of(OPEN_TARGET, CHAP_TARGET, "iqn.x:none")),
            java.util.Map.entry("SessionType", List.of("Normal", "Discovery", "Other")),
            java.util.Map.entry("TargetAlias", List.of("x")));
    private static final List<String> KEYS = List.copyOf(new java.util.TreeSet<>(KEY_VALUES.keySet()));

    @Provide
    Arbitrary<List<LoginRequest>> sequences() {
        return requests().list().ofMinSize(1).ofMaxSize(5);
    }

    private static Arbitrary<String> pair() {
        return Arbitraries.of(KEYS).flatMap(k -> Arbitraries.of(KEY_VALUES.get(k)).map(v -> k + "=" + v));
    }

    Arbitrary<LoginRequest> requests() {
        Arbitrary<List<String>> identity = Arbitraries.of(
                List.of("InitiatorName=" + INITIATOR, "SessionType=Discovery"),
                List.of("InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET),
                List.of("InitiatorName=" + INITIATOR, "TargetName=" + CHAP_TARGET),
                List.of());
        Arbitrary<byte[]> structured = Combinators.combine(identity, pair().list().ofMaxSize(5))
                .as((id, extra) -> {
                    java.util.LinkedHashMap<String, String> unique = new java.util.LinkedHashMap<>();
                    for (String p : id) {
                        unique.putIfAbsent(p.substring(0, p.indexOf('=')), p);
                    }
                    for (String p : extra) {
                        unique.putIfAbsent(p.substring(0, p.indexOf('=')), p);
                    }
                    return text(unique.values().toArray(String[]::new));
                });
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> body = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, structured), net.jqwik.api.Tuple.of(1, raw));
        Arbitrary<int[]> stages = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(4, new int[] {0, 1}), net.jqwik.api.Tuple.of(2, new int[] {0, 3}),
                net.jqwik.api.Tuple.of(4, new int[] {1, 3}), net.jqwik.api.Tuple.of(1, new int[] {3, 0}),
                net.jqwik.api.Tuple.of(1, new int[] {1, 1}));
        return Combinators.combine(Arbitraries.frequency(net.jqwik.api.Tuple.of(4, true), net.jqwik.api.Tuple.of(1, false)),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(1, true), net.jqwik.api.Tuple.of(9, false)),
                stages, Arbitraries.frequency(net.jqwik.api.Tuple.of(19, 0), net.jqwik.api.Tuple.of(1, 1)), body)
                .as((t, c, st, vmin, text) -> new LoginRequest(t, c, st[0], st[1], 0, vmin,
                        0x400001370000L, 0, 0, 1, 1, 0, text));
    }

    @Property(tries = 2000)
    void anySequenceOfRequestsIsAnsweredWithinTheRules(@ForAll("sequences") List<LoginRequest> sequence) {
        LoginNegotiator n = negotiator();
        for (LoginRequest r : sequence) {
            boolean wasOver = n.failed() || n.complete();
            LoginResponse resp = assertDoesNotThrow(() -> n.process(r));
            assertNotNull(resp);
            assertTrue(resp.text().length <= LoginNegotiator.LOGIN_SEGMENT_LIMIT);
            if (wasOver) {
                assertTrue(resp.statusClass() != 0, "nothing succeeds after the login phase ended");
            }
            if (resp.statusClass() != 0) {
                net.jqwik.api.statistics.Statistics.label("outcome").collect("refused " + resp.status());
                assertTrue(n.failed());
                assertFalse(resp.transit());
                assertEquals(0, resp.text().length);
                continue;
            }
            assertFalse(resp.transit() && resp.continueFlag());
            if (resp.transit()) {
                assertTrue(r.transit(), "we transit only when asked");
                assertEquals(r.nsg(), resp.nsg());
                assertTrue(resp.nsg() > resp.csg());
            }
            if (!resp.continueFlag()) {
                keys(resp); // whole answer parses, no repeated key
            }
            assertEquals(n.complete(), resp.transit() && resp.nsg() == 3);
            if (n.complete()) {
                assertNotNull(n.session());
            }
            net.jqwik.api.statistics.Statistics.label("outcome").collect(n.complete() ? "complete" : resp.transit() ? "transit" : "partial");
        }
    }

    @Property(tries = 1000)
    void mutatedValidLoginNeverThrows(@ForAll long seed) {
        Random random = new Random(seed);
        List<LoginRequest> script = new ArrayList<>(List.of(
                request(true, 0, 1, "InitiatorName=" + INITIATOR, "TargetName=" + OPEN_TARGET, "AuthMethod=CHAP,None"),
                request(true, 1, 3, "HeaderDigest=None,CRC32C", "MaxBurstLength=262144", "MaxRecvDataSegmentLength=65536")));
        LoginRequest victim = script.get(random.nextInt(script.size()));
        byte[] text = victim.text().clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            text[random.nextInt(text.length)] = (byte) random.nextInt(256);
        }
        script.set(script.indexOf(victim), new LoginRequest(victim.transit(), victim.continueFlag(), victim.csg(),
                victim.nsg(), 0, 0, victim.isid(), 0, 0, 1, 1, 0, text));
        LoginNegotiator n = new LoginNegotiator(catalog(), PORTAL, TargetLimits.defaults(), new SplittableRandom(seed));
        for (LoginRequest r : script) {
            LoginResponse resp = assertDoesNotThrow(() -> n.process(r));
            if (resp.statusClass() == 0 && !resp.continueFlag()) {
                keys(resp);
            }
        }
    }

    @Property(tries = 500)
    void textRoundTripsThroughTheCodec(@ForAll("pairs") List<KeyValue> pairs) throws MalformedTextException {
        assertEquals(pairs, TextCodec.parse(TextCodec.encode(pairs), true));
    }

    @Provide
    Arbitrary<List<KeyValue>> pairs() {
        Arbitrary<String> key = Combinators.combine(Arbitraries.chars().range('A', 'Z'),
                Arbitraries.strings().withChars("abcXYZ019.-+@_").ofMaxLength(62)).as((c, rest) -> c + rest);
        Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').withChars("äé€").ofMaxLength(80);
        return Combinators.combine(key, value).as(KeyValue::new).list().ofMaxSize(10);
    }
}
