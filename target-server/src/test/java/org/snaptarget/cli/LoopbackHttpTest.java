package org.snaptarget.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LoopbackHttp}: the request it writes and how it reads answers, good and bad (RFC 9112). */
class LoopbackHttpTest {

    private static LoopbackHttp.Answer read(String answer) throws IOException {
        return LoopbackHttp.readAnswer(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsStatusAndExactlyContentLengthBytesOfUtf8Body() throws IOException {
        LoopbackHttp.Answer a = read("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                + "content-length: 13\r\n\r\n{\"n\":\"caf\u00e9\"}TRAILING");
        assertEquals(201, a.status());
        assertEquals("{\"n\":\"caf\u00e9\"}", a.body(), "13 bytes: the e-acute is two");
    }

    @Test
    void withoutContentLengthTheBodyRunsToTheClose() throws IOException {
        assertEquals("all of it", read("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\nall of it").body());
    }

    @Test
    void interimAnswersAreSkipped() throws IOException {
        LoopbackHttp.Answer a = read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]");
        assertEquals(200, a.status());
        assertEquals("[]", a.body());
    }

    @Test
    void bareLineFeedsAndAStatusLineWithoutReasonAreAccepted() throws IOException {
        LoopbackHttp.Answer a = read("HTTP/1.0 204\nContent-Length: 0\n\n");
        assertEquals(204, a.status());
        assertEquals("", a.body());
    }

    @Test
    void aChunkedAnswerIsRefusedNamingTheEncoding() {
        IOException e = assertThrows(IOException.class,
                () -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n0\r\n\r\n"));
        assertEquals("the admin endpoint sent a chunked answer; expected a Content-Length", e.getMessage());
    }

    @Test
    void aBodyShorterThanItsContentLengthIsATruncation() {
        EOFException e = assertThrows(EOFException.class,
                () -> read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345"));
        assertEquals("the admin endpoint's answer ended after 5 of 10 body bytes", e.getMessage());
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerSaysSo() {
        EOFException e = assertThrows(EOFException.class, () -> read(""));
        assertEquals("the admin endpoint closed the connection without answering", e.getMessage());
        EOFException inHead = assertThrows(EOFException.class, () -> read("HTTP/1.1 200 OK\r\nContent-"));
        assertEquals("the admin endpoint's answer ended inside its header", inHead.getMessage());
    }

    @Test
    void malformedHeadsAreRefusedPrecisely() {
        assertEquals("malformed HTTP answer: status line 'SSH-2.0-OpenSSH_9.6'",
                assertThrows(IOException.class, () -> read("SSH-2.0-OpenSSH_9.6\r\n")).getMessage());
        assertEquals("malformed HTTP answer: status line 'HTTP/1.1 2x0 OK'",
                assertThrows(IOException.class, () -> read("HTTP/1.1 2x0 OK\r\n\r\n")).getMessage());
        assertEquals("malformed HTTP answer: Content-Length '-1'",
                assertThrows(IOException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")).getMessage());
        assertEquals("malformed HTTP answer: two different Content-Length values",
                assertThrows(IOException.class,
                        () -> read("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")).getMessage());
        assertEquals("malformed HTTP answer: header field without a name: 'no colon here'",
                assertThrows(IOException.class, () -> read("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")).getMessage());
    }

    @Test
    void oversizedAnswersAreRefusedBeforeTheyAreRead() {
        assertTrue(assertThrows(IOException.class,
                () -> read("HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n")).getMessage()
                .startsWith("the admin endpoint's answer is too large"));
        String longLine = "HTTP/1.1 200 OK\r\nX: " + "a".repeat(LoopbackHttp.MAX_LINE) + "\r\n\r\n";
        assertTrue(assertThrows(IOException.class, () -> read(longLine)).getMessage().contains("header line longer"));
        String manyFields = "HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(LoopbackHttp.MAX_FIELDS + 1) + "\r\n";
        assertTrue(assertThrows(IOException.class, () -> read(manyFields)).getMessage().contains("header fields"));
    }

    @Test
    void theRequestCarriesHostAuthorizationLengthAndClose() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> serveOnce(server,
                    "HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\n{}\r\n"));
            LoopbackHttp http = new LoopbackHttp("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(5),
                    Duration.ofSeconds(5));
            LoopbackHttp.Answer a = http.exchange("POST", "/v1/pools/p%20q/snapshots", "Bearer abc", "{\"name\":\"\u00e9\"}");
            assertEquals(201, a.status());
            assertEquals("{}\r\n", a.body());
            assertEquals("POST /v1/pools/p%20q/snapshots HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + server.getLocalPort() + "\r\n"
                    + "Authorization: Bearer abc\r\n"
                    + "Accept: application/json\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: 13\r\n"
                    + "Connection: close\r\n\r\n"
                    + "{\"name\":\"\u00e9\"}", seen.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aRequestWithoutBodyHasNoContentHeadersAndIpv6HostsAreBracketed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> serveOnce(server,
                    "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
            new LoopbackHttp("::1", server.getLocalPort(), Duration.ofSeconds(5), Duration.ofSeconds(5))
                    .exchange("GET", "/v1/status", "Bearer t", null);
            assertEquals("GET /v1/status HTTP/1.1\r\nHost: [::1]:" + server.getLocalPort()
                    + "\r\nAuthorization: Bearer t\r\nAccept: application/json\r\nConnection: close\r\n\r\n",
                    seen.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aRefusedConnectionIsAConnectException() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LoopbackHttp http = new LoopbackHttp("127.0.0.1", port, Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThrows(ConnectException.class, () -> http.exchange("GET", "/v1/status", "Bearer t", null));
    }

    @Test
    void anEndpointThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LoopbackHttp http = new LoopbackHttp("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(5),
                    Duration.ofMillis(200));
            assertThrows(SocketTimeoutException.class, () -> http.exchange("GET", "/v1/status", "Bearer t", null));
        }
    }

    /** Accepts one connection, reads the request head and any Content-Length body, answers, closes. */
    private static String serveOnce(ServerSocket server, String answer) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            StringBuilder request = new StringBuilder();
            while (!request.toString().endsWith("\r\n\r\n")) {
                request.append((char) in.read());
            }
            int length = 0;
            for (String line : request.toString().split("\r\n")) {
                if (line.startsWith("Content-Length: ")) {
                    length = Integer.parseInt(line.substring(16));
                }
            }
            String head = request.toString();
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            s.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
            return head + body;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
