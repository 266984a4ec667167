package org.snaptarget.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** Fixed vectors computed outside Java (Python hashlib over id || secret || challenge). */
class ChapAlgorithmTest {

    private static final byte[] SECRET = "alice-secret-12".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHALLENGE_16 = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] CHALLENGE_32 = HexFormat.of().parseHex(
            "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");

    @Test
    void md5ResponseMatchesLiteralVector() {
        assertEquals("a6e8c4ec920a6f17f0d517e5acab7c72",
                HexFormat.of().formatHex(ChapAlgorithm.MD5.response(1, SECRET, CHALLENGE_16)));
    }

    @Test
    void sha256ResponseMatchesLiteralVectorWithHighIdentifier() {
        assertEquals("cb7d8883defafe7ec85156c421d342ae19366c4a2dac03dc9b0edb5ac8f21a92",
                HexFormat.of().formatHex(ChapAlgorithm.SHA256.response(0xa7, SECRET, CHALLENGE_32)));
    }

    @Test
    void sha1AndSha3ResponsesMatchLiteralVectors() {
        assertEquals("6b582ac6b5bb8ad8d7b8112f2bcc01c1fa63cb68",
                HexFormat.of().formatHex(ChapAlgorithm.SHA1.response(9, SECRET, CHALLENGE_16)));
        assertEquals("d98ac30d93ce3dfbbb16c2a03591fe7012743721d18fb19a715cb3285e865899",
                HexFormat.of().formatHex(ChapAlgorithm.SHA3_256.response(9, SECRET, CHALLENGE_32)));
    }

    @Test
    void codesFollowTheIanaRegistryNumbers() {
        assertEquals(ChapAlgorithm.MD5, ChapAlgorithm.ofCode(5).orElseThrow());
        assertEquals(ChapAlgorithm.SHA1, ChapAlgorithm.ofCode(6).orElseThrow());
        assertEquals(ChapAlgorithm.SHA256, ChapAlgorithm.ofCode(7).orElseThrow());
        assertEquals(ChapAlgorithm.SHA3_256, ChapAlgorithm.ofCode(8).orElseThrow());
        assertTrue(ChapAlgorithm.ofCode(0x80).isEmpty());
        assertEquals(16, ChapAlgorithm.MD5.digestLength());
        assertEquals(32, ChapAlgorithm.SHA256.digestLength());
    }
}
