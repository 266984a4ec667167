package org.snaptarget.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.snaptarget.admin.AdminJson;
import org.snaptarget.admin.SnapshotView;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Properties of the client's wire path: whatever the server's mapper writes, sent as an HTTP answer
 * in any of the shapes RFC 9112 allows the endpoint, comes out of {@link LoopbackHttp} and
 * {@link AnswerJson} as the same value.
 */
class ClientWirePropertiesTest {

    /** Any text of whole code points (no lone surrogates, which UTF-8 cannot carry). */
    private static Arbitrary<String> texts() {
        return Arbitraries.integers().between(0, 0x10FFFF).filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                .list().ofMaxSize(24)
                .map(cps -> {
                    StringBuilder b = new StringBuilder();
                    cps.forEach(b::appendCodePoint);
                    return b.toString();
                });
    }

    @Provide
    Arbitrary<SnapshotView> snapshots() {
        Arbitrary<Instant> instants = Arbitraries.longs().between(0, 253_402_300_799L)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
        return Combinators.combine(texts(), texts(), Arbitraries.longs().between(1, Long.MAX_VALUE).map(n -> Long.toString(n)),
                        texts().injectNull(0.3), instants, Arbitraries.of(true, false), Arbitraries.longs().greaterOrEqual(0),
                        texts().list().ofMaxSize(3))
                .as((pool, name, id, parent, created, readOnly, bytes, exported) ->
                        new SnapshotView(pool, name, id, parent, created, readOnly, bytes, !readOnly, exported));
    }

    /**
     * How the endpoint may frame an answer: line ends, header case and order, an interim answer
     * first, and a Content-Length (then more bytes follow the body) or the close ending the body.
     */
    record Framing(boolean bareLf, boolean upperCase, boolean interim, boolean lengthLast, boolean closeDelimited) {
    }

    @Provide
    Arbitrary<Framing> framings() {
        Arbitrary<Boolean> b = Arbitraries.of(true, false);
        return Combinators.combine(b, b, b, b, b).as(Framing::new);
    }

    @Property(tries = 300)
    void aSnapshotViewCrossesTheWireUnchanged(@ForAll("snapshots") SnapshotView view, @ForAll("framings") Framing f)
            throws IOException {
        byte[] body = AdminJson.write(view).getBytes(StandardCharsets.UTF_8);
        LoopbackHttp.Answer answer = LoopbackHttp.readAnswer(new ByteArrayInputStream(frame(201, body, f)));
        assertEquals(201, answer.status());
        assertEquals(view, AnswerJson.read(answer.body(), SnapshotView.class));
    }

    @Property(tries = 200)
    void aListCrossesTheWireUnchanged(@ForAll("snapshots") SnapshotView a, @ForAll("snapshots") SnapshotView b,
                                      @ForAll("framings") Framing f) throws IOException {
        List<SnapshotView> list = List.of(a, b);
        byte[] body = AdminJson.write(list).getBytes(StandardCharsets.UTF_8);
        LoopbackHttp.Answer answer = LoopbackHttp.readAnswer(new ByteArrayInputStream(frame(200, body, f)));
        assertEquals(list, AnswerJson.readList(answer.body(), SnapshotView.class));
    }

    @Property(tries = 200)
    void anErrorMessageCrossesTheWireUnchanged(@ForAll("texts") String message, @ForAll("framings") Framing f)
            throws IOException {
        byte[] body = AdminJson.error(message).getBytes(StandardCharsets.UTF_8);
        LoopbackHttp.Answer answer = LoopbackHttp.readAnswer(new ByteArrayInputStream(frame(409, body, f)));
        assertEquals(409, answer.status());
        assertEquals(message, AnswerJson.error(answer.body()));
    }

    @Provide("texts")
    Arbitrary<String> messages() {
        return texts();
    }

    private static byte[] frame(int status, byte[] body, Framing f) throws IOException {
        String eol = f.bareLf() ? "\n" : "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder();
        if (f.interim()) {
            head.append("HTTP/1.1 100 Continue").append(eol).append(eol);
        }
        head.append("HTTP/1.1 ").append(status).append(" Whatever").append(eol);
        String length = (f.upperCase() ? "CONTENT-LENGTH" : "content-length") + ": " + body.length + eol;
        if (!f.closeDelimited() && !f.lengthLast()) {
            head.append(length);
        }
        head.append(f.upperCase() ? "CONTENT-TYPE" : "Content-Type").append(": application/json").append(eol);
        head.append("Cache-Control: no-store").append(eol);
        if (!f.closeDelimited() && f.lengthLast()) {
            head.append(length);
        }
        if (f.closeDelimited()) {
            head.append("Connection: close".toLowerCase(Locale.ROOT)).append(eol);
        }
        head.append(eol);
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        if (!f.closeDelimited()) {
            out.write("HTTP/1.1 500 the next answer, not this one's body\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }
}
