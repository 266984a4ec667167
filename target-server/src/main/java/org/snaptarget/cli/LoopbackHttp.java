package org.snaptarget.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One HTTP/1.1 request per connection over a plain {@link Socket}: what a client command needs to
 * talk to the admin endpoint, without the start-up cost of {@code java.net.http} (some 550 classes
 * and 0.1 s per command).
 *
 * <p>The request (RFC 9112 §3) carries {@code Host}, the {@code Authorization} given,
 * {@code Accept: application/json}, a {@code Content-Length} (and {@code Content-Type}) when there
 * is a body, and {@code Connection: close}, so the answer ends with the connection. The answer's
 * status line and header fields are read as ISO-8859-1; interim 1xx answers are skipped
 * (RFC 9110 §15.2); the body is {@code Content-Length} bytes (RFC 9112 §6.3), or everything up to
 * the close when there is none. A chunked answer is refused with a precise error: the admin
 * endpoint always sends a length. Answers are bounded: a header line of at most
 * {@value #MAX_LINE} bytes, at most {@value #MAX_FIELDS} fields, a body of at most
 * {@value #MAX_BODY} bytes.
 *
 * <p>Failures: a refused connection or one not made within the connect timeout is a
 * {@link ConnectException} (nothing was sent, so a retry is safe); no answer within the read
 * timeout is a {@link SocketTimeoutException}; a malformed or truncated answer is an
 * {@link IOException} saying what was wrong.
 */
final class LoopbackHttp {

    static final int MAX_LINE = 8192;
    static final int MAX_FIELDS = 100;
    static final int MAX_BODY = 64 << 20;

    /** A final answer: its status code and its body decoded as UTF-8. */
    record Answer(int status, String body) {
    }

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    /**
     * @param host a host name or address literal, IPv6 without brackets
     */
    LoopbackHttp(String host, int port, Duration connectTimeout, Duration readTimeout) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * Sends {@code method path} with {@code authorization} (the whole header value) and, unless
     * null, {@code json} as the body, and reads the final answer.
     */
    Answer exchange(String method, String path, String authorization, String json) throws IOException {
        byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            out.write(requestHead(method, path, authorization, body));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return readAnswer(new BufferedInputStream(socket.getInputStream()));
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getByName(host), port),
                    Math.toIntExact(connectTimeout.toMillis()));
            return socket;
        } catch (SocketTimeoutException e) {
            socket.close();
            ConnectException timedOut = new ConnectException("no connection within " + connectTimeout.toSeconds() + " s");
            timedOut.initCause(e);
            throw timedOut;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private byte[] requestHead(String method, String path, String authorization, byte[] body) {
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port)
                .append("\r\n")
                .append("Authorization: ").append(authorization).append("\r\n")
                .append("Accept: application/json\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads one final answer from {@code in}, skipping interim (1xx) ones. */
    static Answer readAnswer(InputStream in) throws IOException {
        while (true) {
            int status = statusCode(readLine(in, true));
            long length = -1;
            int fields = 0;
            for (String field = readLine(in, false); !field.isEmpty(); field = readLine(in, false)) {
                if (++fields > MAX_FIELDS) {
                    throw new IOException("malformed HTTP answer: more than " + MAX_FIELDS + " header fields");
                }
                int colon = field.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed HTTP answer: header field without a name: '" + field + "'");
                }
                String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = field.substring(colon + 1).trim();
                if (name.equals("transfer-encoding")) {
                    throw new IOException("the admin endpoint sent a " + value + " answer; expected a Content-Length");
                }
                if (name.equals("content-length")) {
                    long declared = contentLength(value);
                    if (length >= 0 && declared != length) {
                        throw new IOException("malformed HTTP answer: two different Content-Length values");
                    }
                    length = declared;
                }
            }
            if (status >= 100 && status < 200) {
                continue;
            }
            return new Answer(status, new String(length >= 0 ? readExactly(in, length) : readToEnd(in),
                    StandardCharsets.UTF_8));
        }
    }

    private static int statusCode(String line) throws IOException {
        // status-line = HTTP-version SP status-code SP [ reason-phrase ]   (RFC 9112 §4)
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new IOException("malformed HTTP answer: status line '" + line + "'");
        }
        String code = line.substring(9, 12);
        for (int i = 0; i < 3; i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                throw new IOException("malformed HTTP answer: status line '" + line + "'");
            }
        }
        return Integer.parseInt(code);
    }

    private static long contentLength(String value) throws IOException {
        if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IOException("malformed HTTP answer: Content-Length '" + value + "'");
        }
        long length = Long.parseLong(value);
        if (length > MAX_BODY) {
            throw new IOException("the admin endpoint's answer is too large (" + length + " bytes)");
        }
        return length;
    }

    /** A line without its CRLF (a bare LF is accepted too, RFC 9112 §2.2). */
    private static String readLine(InputStream in, boolean first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(first && line.size() == 0
                        ? "the admin endpoint closed the connection without answering"
                        : "the admin endpoint's answer ended inside its header");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("malformed HTTP answer: a header line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    private static byte[] readExactly(InputStream in, long length) throws IOException {
        byte[] body = in.readNBytes((int) length);
        if (body.length != length) {
            throw new EOFException("the admin endpoint's answer ended after " + body.length + " of " + length
                    + " body bytes");
        }
        return body;
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IOException("the admin endpoint's answer is too large (over " + MAX_BODY + " bytes)");
        }
        return body;
    }
}
