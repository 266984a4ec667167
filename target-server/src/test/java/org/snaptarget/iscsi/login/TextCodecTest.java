package org.snaptarget.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.iscsi.login.LoginFixtures.text;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class TextCodecTest {

    @Test
    void parsesNulTerminatedPairsInOrder() throws Exception {
        byte[] bytes = {
                'A', '=', '1', 0,               // A=1
                'B', 'c', '=', 0,               // Bc= (empty value)
                'C', '=', 'x', '=', 'y', 0      // C=x=y: only the first '=' separates
        };
        assertEquals(List.of(new KeyValue("A", "1"), new KeyValue("Bc", ""), new KeyValue("C", "x=y")),
                TextCodec.parse(bytes));
    }

    @Test
    void encodesEachPairFollowedByOneNul() {
        byte[] expected = {
                'K', '=', 'v', 0,
                'L', '=', 'w', 'x', 0
        };
        assertArrayEquals(expected, TextCodec.encode(List.of(new KeyValue("K", "v"), new KeyValue("L", "wx"))));
    }

    @Test
    void emptyTextHasNoPairs() throws Exception {
        assertEquals(List.of(), TextCodec.parse(new byte[0]));
    }

    @Test
    void skipsEmptyPairsBetweenNuls() throws Exception {
        assertEquals(List.of(new KeyValue("A", "1"), new KeyValue("B", "2")),
                TextCodec.parse(new byte[] {0, 'A', '=', '1', 0, 0, 'B', '=', '2', 0, 0}));
    }

    @Test
    void refusesLastPairWithoutNul() {
        MalformedTextException e = assertThrows(MalformedTextException.class,
                () -> TextCodec.parse(new byte[] {'A', '=', '1', 0, 'B', '=', '2'}));
        assertTrue(e.getMessage().contains("offset 4"), e.getMessage());
    }

    @Test
    void refusesPairWithoutEquals() {
        assertThrows(MalformedTextException.class, () -> TextCodec.parse(text("JustAKey")));
    }

    @Test
    void refusesEmptyKey() {
        assertThrows(MalformedTextException.class, () -> TextCodec.parse(text("=value")));
    }

    @Test
    void acceptsKeyOf63CharactersAndRefuses64() throws Exception {
        String k63 = "K" + "x".repeat(62);
        assertEquals(k63, TextCodec.parse(text(k63 + "=1")).get(0).key());
        assertThrows(MalformedTextException.class, () -> TextCodec.parse(text(k63 + "x=1")));
    }

    @Test
    void refusesKeyNotStartingWithLetterOrWithIllegalCharacter() {
        assertThrows(MalformedTextException.class, () -> TextCodec.parse(text("1Key=v")));
        assertThrows(MalformedTextException.class, () -> TextCodec.parse(text("Key Name=v")));
        assertThrows(MalformedTextException.class, () -> TextCodec.parse(text("Key#=v")));
    }

    @Test
    void acceptsExtensionAndLowerCaseInitialKeys() throws Exception {
        assertEquals(3, TextCodec.parse(text("X-com.example.Key=1", "X#IANA.key=2", "iSCSIProtocolLevel=1")).size());
    }

    @Test
    void acceptsValueOf255BytesAndRefuses256() throws Exception {
        assertEquals(255, TextCodec.parse(text("K=" + "v".repeat(255))).get(0).value().length());
        assertThrows(MalformedTextException.class, () -> TextCodec.parse(text("K=" + "v".repeat(256))));
    }

    @Test
    void allowsChapChallengeAndResponseUpTo1024BinaryBytes() throws Exception {
        String hex1024 = "0x" + "ab".repeat(1024);
        assertEquals(hex1024, TextCodec.parse(text("CHAP_C=" + hex1024)).get(0).value());
        assertEquals(hex1024, TextCodec.parse(text("CHAP_R=" + hex1024)).get(0).value());
        assertThrows(MalformedTextException.class, () -> TextCodec.parse(text("CHAP_C=" + hex1024 + "ab")));
        assertThrows(MalformedTextException.class, () -> TextCodec.parse(text("CHAP_N=" + "n".repeat(256))));
    }

    @Test
    void decodesUtf8Values() throws Exception {
        assertEquals("Ünïcödé disk", TextCodec.parse(text("InitiatorAlias=Ünïcödé disk")).get(0).value());
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] bad = {'K', '=', (byte) 0xC3, (byte) 0x28, 0};
        assertThrows(MalformedTextException.class, () -> TextCodec.parse(bad));
    }

    @Test
    void refusesRepeatedKeyUnlessAllowed() throws Exception {
        byte[] twice = text("TargetName=a", "TargetName=b");
        assertThrows(MalformedTextException.class, () -> TextCodec.parse(twice));
        assertEquals(2, TextCodec.parse(twice, true).size());
    }

    @Test
    void roundTripsWhatItEncodes() throws Exception {
        List<KeyValue> pairs = List.of(new KeyValue("TargetAlias", "Disk ü"), new KeyValue("MaxBurstLength", "262144"));
        assertEquals(pairs, TextCodec.parse(TextCodec.encode(pairs)));
        assertEquals("TargetAlias=Disk ü\0MaxBurstLength=262144\0",
                new String(TextCodec.encode(pairs), StandardCharsets.UTF_8));
    }

    @Test
    void describesTextForLogsWithoutChapValues() {
        assertEquals("AuthMethod=CHAP CHAP_C=(6 chars) CHAP_N=alice",
                TextCodec.describe(text("AuthMethod=CHAP", "CHAP_C=0x0102", "CHAP_N=alice")));
        assertEquals("(3 bytes of text that is not key=value data, or a partial piece)",
                TextCodec.describe(new byte[] {'A', '=', '1'}));
        assertEquals("", TextCodec.describe(new byte[0]));
    }
}
