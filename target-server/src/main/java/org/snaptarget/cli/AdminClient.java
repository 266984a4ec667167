package org.snaptarget.cli;

import org.snaptarget.admin.LunView;
import org.snaptarget.admin.SnapshotView;
import org.snaptarget.admin.StatusView;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The client side of the admin API ({@code target-server/ADMIN-API.md}), one HTTP/1.1 request
 * per connection ({@link LoopbackHttp}), JSON read and written by {@link AnswerJson}. Each call reads the token afresh, sends one request and turns
 * the answer into a value or a {@link ClientFailure}: a 2xx answer is success; any other status is
 * {@link ExitCodes#REFUSED} carrying the server's {@code {"error": message}}; a connection that
 * cannot be made, or no answer within the timeout, is {@link ExitCodes#UNREACHABLE}.
 *
 * <p>Path segments (pool, snapshot and target names) are percent-encoded (RFC 3986 §2.1). A refused
 * connection is retried for a few seconds, since a token file means a server is starting.
 */
public final class AdminClient implements AutoCloseable {

    /** How long to wait for the connection; the endpoint is on loopback, so this is generous. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long an operation may take: a snapshot create waits for one store commit. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    /** How long a refused connection is retried when a token file exists (a server is starting). */
    static final Duration STARTING_GRACE = Duration.ofSeconds(3);

    private final AdminEndpoint endpoint;
    private final LoopbackHttp http;

    public AdminClient(AdminEndpoint endpoint) {
        this.endpoint = endpoint;
        this.http = new LoopbackHttp(endpoint.listen().host(), endpoint.listen().port(), CONNECT_TIMEOUT,
                REQUEST_TIMEOUT);
    }

    public SnapshotView createSnapshot(String pool, String name, String of, boolean readOnly) throws ClientFailure {
        String body = AnswerJson.object("name", name, "of", of, "readOnly", readOnly);
        return read(send("POST", "/v1/pools/" + segment(pool) + "/snapshots", body), SnapshotView.class);
    }

    /** The server's JSON array, as it sent it. */
    public String listSnapshotsJson(String pool) throws ClientFailure {
        return send("GET", "/v1/pools/" + segment(pool) + "/snapshots", null);
    }

    public List<SnapshotView> listSnapshots(String pool) throws ClientFailure {
        String json = listSnapshotsJson(pool);
        try {
            return AnswerJson.readList(json, SnapshotView.class);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    public void deleteSnapshot(String pool, String name) throws ClientFailure {
        send("DELETE", "/v1/pools/" + segment(pool) + "/snapshots/" + segment(name), null);
    }

    public LunView addLun(String target, int lun, String pool, String snapshot, boolean readOnly) throws ClientFailure {
        String body = AnswerJson.object("lun", lun, "pool", pool, "snapshot", snapshot, "readOnly", readOnly);
        return read(send("POST", "/v1/targets/" + segment(target) + "/luns", body), LunView.class);
    }

    public void removeLun(String target, int lun) throws ClientFailure {
        send("DELETE", "/v1/targets/" + segment(target) + "/luns/" + lun, null);
    }

    /** The server's JSON object, as it sent it. */
    public String statusJson() throws ClientFailure {
        return send("GET", "/v1/status", null);
    }

    public StatusView status() throws ClientFailure {
        return read(statusJson(), StatusView.class);
    }

    public String metrics() throws ClientFailure {
        return send("GET", "/metrics", null);
    }

    private String send(String method, String path, String json) throws ClientFailure {
        LoopbackHttp.Answer response;
        try {
            response = sendRetryingRefusedConnections(method, path, json);
        } catch (SocketTimeoutException e) {
            throw new ClientFailure(ExitCodes.UNREACHABLE, "the admin endpoint at " + endpoint.baseUri()
                    + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientFailure(ExitCodes.UNREACHABLE, "interrupted while waiting for the admin endpoint", e);
        }
        int status = response.status();
        if (status / 100 == 2) {
            return response.body();
        }
        if (status == 401) {
            throw new ClientFailure(ExitCodes.REFUSED, "the server at " + endpoint.baseUri() + " refused the token in "
                    + endpoint.tokenFile() + " (is another server using admin.listen " + endpoint.listen() + "?)");
        }
        throw new ClientFailure(ExitCodes.REFUSED, errorMessage(status, response.body()));
    }

    /**
     * Sends, retrying for up to {@link #STARTING_GRACE} while the connection is refused: a token
     * file exists, so a server is starting and binds its endpoint within moments. The token is
     * read again for every attempt, since the starting server replaces a stale one. A refused
     * connection never reached the server, so retrying even a POST is safe.
     */
    private LoopbackHttp.Answer sendRetryingRefusedConnections(String method, String path, String json)
            throws IOException, InterruptedException, ClientFailure {
        long deadline = System.nanoTime() + STARTING_GRACE.toNanos();
        while (true) {
            try {
                return http.exchange(method, path, "Bearer " + endpoint.token(), json);
            } catch (ConnectException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private ClientFailure unreachable(IOException e) {
        String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return new ClientFailure(ExitCodes.UNREACHABLE, "cannot reach the admin endpoint at " + endpoint.baseUri()
                + " (" + why + "): is the server running (snaptarget serve --config " + endpoint.configFile() + ")?", e);
    }

    private static String errorMessage(int status, String body) {
        String message = AnswerJson.error(body);
        return message != null ? message : "the admin endpoint answered HTTP " + status;
    }

    private static <T extends Record> T read(String json, Class<T> type) throws ClientFailure {
        try {
            return AnswerJson.read(json, type);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static ClientFailure unreadable(IOException e) {
        return new ClientFailure(ExitCodes.REFUSED, "the admin endpoint sent an unreadable answer: " + e.getMessage(), e);
    }

    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Nothing to release: every request has its own connection, closed with its answer. */
    @Override
    public void close() {
    }
}
