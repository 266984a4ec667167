package org.snaptarget.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.snaptarget.iscsi.login.LoginFixtures.*;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a full-feature Text Request holds, the answer is well-formed text or empty with a reason. */
class TextNegotiatorPropertiesTest {

    private static final NegotiatedSession DISCOVERY = new NegotiatedSession(SessionType.DISCOVERY, INITIATOR, null,
            null, 1L, SessionParameters.rfcDefaults());

    @Provide
    Arbitrary<byte[]> texts() {
        Arbitrary<byte[]> pairs = Arbitraries.of("SendTargets=All", "SendTargets=", "SendTargets=" + OPEN_TARGET,
                        "SendTargets=Alle", "MaxRecvDataSegmentLength=65536", "MaxRecvDataSegmentLength=7",
                        "InitiatorAlias=x", "MaxBurstLength=1", "X-a=b", "Bogus=1", "CHAP_A=5")
                .list().ofMaxSize(6).map(l -> text(l.toArray(String[]::new)));
        return Arbitraries.oneOf(pairs, Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
    }

    @Property(tries = 1000)
    void answerIsWellFormedOrEmptyWithAReason(@ForAll("texts") byte[] request) throws MalformedTextException {
        TextNegotiator t = new TextNegotiator(catalog(), PORTAL, DISCOVERY);
        byte[] answer = assertDoesNotThrow(() -> t.respond(request));
        List<KeyValue> parsed = TextCodec.parse(answer, true);
        if (t.lastError() != null) {
            assertEquals(0, answer.length);
        }
        assertNotNull(parsed);
    }
}
