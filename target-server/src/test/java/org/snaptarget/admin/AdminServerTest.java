package org.snaptarget.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin endpoint over a real loopback socket, in front of {@link FakeAdminOperations}. */
class AdminServerTest {

    private static final String IQN = "iqn.2026-11.org.snaptarget:vm1";

    @TempDir
    Path dataDir;

    private FakeAdminOperations operations;
    private AdminServer server;
    private String token;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        operations = new FakeAdminOperations().pool("vm1").target(IQN);
        server = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), dataDir, operations);
        token = AdminToken.read(dataDir);
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    @Test
    void tokenFileIsCreatedOwnerReadWriteOnlyWith256RandomBits() throws IOException {
        Path file = dataDir.resolve("admin.token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(token.matches("[0-9a-f]{64}"), token);
        try (var listing = Files.list(dataDir)) {
            assertEquals(1, listing.count(), "no temporary file is left behind");
        }
    }

    @Test
    void eachStartWritesANewTokenAndTheOldOneStopsWorking() throws Exception {
        server.close();
        server = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), dataDir, operations);
        String fresh = AdminToken.read(dataDir);
        assertNotEquals(token, fresh);
        assertEquals(401, send("GET", "/v1/status", null, token).statusCode());
        assertEquals(200, send("GET", "/v1/status", null, fresh).statusCode());
    }

    @Test
    void closingRemovesTheTokenFile() {
        server.close();
        assertFalse(Files.exists(dataDir.resolve("admin.token")));
    }

    @Test
    void requestWithoutTokenIsRefused401WithABearerChallenge() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1/status")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
        assertTrue(error(r).contains("bearer token"), r.body());
        assertEquals(null, operations.lastThread(), "no operation ran");
    }

    @Test
    void requestWithAWrongTokenIsRefused401() throws Exception {
        String wrong = token.substring(0, 63) + (token.endsWith("0") ? "1" : "0");
        assertEquals(401, send("GET", "/v1/status", null, wrong).statusCode());
        assertEquals(401, send("GET", "/v1/status", null, token + "0").statusCode());
        assertEquals(401, send("GET", "/v1/status", null, "").statusCode());
    }

    @Test
    void authorizationSchemeIsCaseInsensitiveButMustBeBearer() throws Exception {
        HttpResponse<String> lower = http.send(HttpRequest.newBuilder(uri("/v1/status"))
                .header("Authorization", "bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, lower.statusCode());
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(uri("/v1/status"))
                .header("Authorization", "Basic " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, basic.statusCode());
    }

    @Test
    void metricsNeedTheTokenToo() throws Exception {
        assertEquals(401, http.send(HttpRequest.newBuilder(uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> r = send("GET", "/metrics", null, token);
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.body().contains("# TYPE snaptarget_sessions gauge"));
    }

    @Test
    void createSnapshotAnswers201WithTheSnapshot() throws Exception {
        HttpResponse<String> r = send("POST", "/v1/pools/vm1/snapshots", "{\"name\":\"nightly\",\"readOnly\":true}", token);
        assertEquals(201, r.statusCode());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        JsonNode s = json(r);
        assertEquals("vm1", s.get("pool").asText());
        assertEquals("nightly", s.get("name").asText());
        assertTrue(s.get("parent").isNull());
        assertTrue(s.get("readOnly").asBoolean());
        assertEquals("2026-11-25T12:00:00Z", s.get("created").asText());
        assertTrue(operations.lastThread().startsWith("snaptarget-admin-"),
                "ran on a worker, not the event loop: " + operations.lastThread());
    }

    @Test
    void createSnapshotOfASnapshotPassesTheParent() throws Exception {
        send("POST", "/v1/pools/vm1/snapshots", "{\"name\":\"a\"}", token);
        HttpResponse<String> r = send("POST", "/v1/pools/vm1/snapshots", "{\"name\":\"b\",\"of\":\"a\"}", token);
        assertEquals(201, r.statusCode());
        assertEquals("a", json(r).get("parent").asText());
        assertFalse(json(r).get("readOnly").asBoolean(), "readOnly defaults to false");
    }

    @Test
    void listSnapshotsAnswersAJsonArrayInCreationOrder() throws Exception {
        send("POST", "/v1/pools/vm1/snapshots", "{\"name\":\"a\"}", token);
        send("POST", "/v1/pools/vm1/snapshots", "{\"name\":\"b\"}", token);
        HttpResponse<String> r = send("GET", "/v1/pools/vm1/snapshots", null, token);
        assertEquals(200, r.statusCode());
        JsonNode list = json(r);
        assertTrue(list.isArray());
        assertEquals(2, list.size());
        assertEquals("a", list.get(0).get("name").asText());
        assertEquals(1048576, list.get(1).get("exclusiveBytes").asLong());
    }

    @Test
    void deleteSnapshotAnswers204AndTheSnapshotIsGone() throws Exception {
        send("POST", "/v1/pools/vm1/snapshots", "{\"name\":\"a\"}", token);
        HttpResponse<String> r = send("DELETE", "/v1/pools/vm1/snapshots/a", null, token);
        assertEquals(204, r.statusCode());
        assertEquals("", r.body());
        assertEquals(0, json(send("GET", "/v1/pools/vm1/snapshots", null, token)).size());
    }

    @Test
    void deletingAnExportedSnapshotIs409NamingTheLun() throws Exception {
        send("POST", "/v1/pools/vm1/snapshots", "{\"name\":\"a\"}", token);
        assertEquals(201, send("POST", "/v1/targets/" + IQN + "/luns", "{\"lun\":3,\"pool\":\"vm1\",\"snapshot\":\"a\"}",
                token).statusCode());
        HttpResponse<String> r = send("DELETE", "/v1/pools/vm1/snapshots/a", null, token);
        assertEquals(409, r.statusCode());
        assertTrue(error(r).contains(IQN + "/3"), r.body());
    }

    @Test
    void addLunAnswers201WithTheLunAndRemoveLunAnswers204() throws Exception {
        HttpResponse<String> added = send("POST", "/v1/targets/" + IQN + "/luns",
                "{\"lun\":0,\"pool\":\"vm1\",\"readOnly\":true}", token);
        assertEquals(201, added.statusCode());
        JsonNode lun = json(added);
        assertEquals(IQN, lun.get("target").asText());
        assertEquals(0, lun.get("lun").asInt());
        assertTrue(lun.get("snapshot").isNull());
        assertTrue(lun.get("readOnly").asBoolean());
        assertEquals(204, send("DELETE", "/v1/targets/" + IQN + "/luns/0", null, token).statusCode());
        assertEquals(404, send("DELETE", "/v1/targets/" + IQN + "/luns/0", null, token).statusCode());
    }

    @Test
    void percentEncodedTargetNamesAreDecoded() throws Exception {
        HttpResponse<String> r = send("POST", "/v1/targets/iqn.2026-11.org.snaptarget%3Avm1/luns",
                "{\"lun\":1,\"pool\":\"vm1\"}", token);
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(IQN, json(r).get("target").asText());
    }

    @Test
    void statusAnswersSessionsLunsAndPools() throws Exception {
        HttpResponse<String> r = send("GET", "/v1/status", null, token);
        assertEquals(200, r.statusCode());
        JsonNode s = json(r);
        assertEquals(1, s.get("sessions").size());
        assertEquals("vm1", s.get("pools").get(0).get("name").asText());
        assertEquals(80, s.get("pools").get(0).get("warnAtPercent").asInt());
    }

    @Test
    void adminExceptionKindsMapTo404_409_400_500() throws Exception {
        assertEquals(404, send("GET", "/v1/pools/nope/snapshots", null, token).statusCode());
        send("POST", "/v1/pools/vm1/snapshots", "{\"name\":\"a\"}", token);
        HttpResponse<String> dup = send("POST", "/v1/pools/vm1/snapshots", "{\"name\":\"a\"}", token);
        assertEquals(409, dup.statusCode());
        assertEquals("pool vm1 already has a snapshot a", error(dup));
        operations.failNext(new AdminException(AdminException.Kind.INVALID, "name 'x y' has a space"));
        HttpResponse<String> invalid = send("POST", "/v1/pools/vm1/snapshots", "{\"name\":\"x y\"}", token);
        assertEquals(400, invalid.statusCode());
        assertEquals("name 'x y' has a space", error(invalid));
        operations.failNext(new AdminException(AdminException.Kind.FAILED, "store commit failed: EIO"));
        HttpResponse<String> failed = send("GET", "/v1/status", null, token);
        assertEquals(500, failed.statusCode());
        assertEquals("store commit failed: EIO", error(failed));
    }

    @Test
    void anUnexpectedExceptionIs500AndTheEndpointKeepsServing() throws Exception {
        operations.failNext(new IllegalStateException("bug"));
        HttpResponse<String> r = send("GET", "/v1/status", null, token);
        assertEquals(500, r.statusCode());
        assertEquals("internal error: bug", error(r));
        assertEquals(200, send("GET", "/v1/status", null, token).statusCode());
    }

    @Test
    void malformedJsonIs400WithItsPosition() throws Exception {
        HttpResponse<String> r = send("POST", "/v1/pools/vm1/snapshots", "{\"name\": }", token);
        assertEquals(400, r.statusCode());
        assertTrue(error(r).startsWith("malformed JSON at line 1, column 10"), r.body());
    }

    @Test
    void badFieldsAre400NamingTheField() throws Exception {
        assertEquals("field 'name' is required", error(send("POST", "/v1/pools/vm1/snapshots", "{}", token)));
        assertEquals("unknown field 'readonly' (this request takes name, of, readOnly)",
                error(send("POST", "/v1/pools/vm1/snapshots", "{\"name\":\"a\",\"readonly\":true}", token)));
        assertEquals("field 'readOnly' must be true or false, not the string \"yes\"",
                error(send("POST", "/v1/pools/vm1/snapshots", "{\"name\":\"a\",\"readOnly\":\"yes\"}", token)));
        assertEquals("field 'lun' must be an integer, not the string \"3\"",
                error(send("POST", "/v1/targets/" + IQN + "/luns", "{\"lun\":\"3\",\"pool\":\"vm1\"}", token)));
        assertEquals("field 'lun' must be an integer, not the number 1.5",
                error(send("POST", "/v1/targets/" + IQN + "/luns", "{\"lun\":1.5,\"pool\":\"vm1\"}", token)));
        assertEquals("field 'lun' is 16384, outside 0..16383",
                error(send("POST", "/v1/targets/" + IQN + "/luns", "{\"lun\":16384,\"pool\":\"vm1\"}", token)));
        assertEquals("field 'pool' is required",
                error(send("POST", "/v1/targets/" + IQN + "/luns", "{\"lun\":1}", token)));
        assertTrue(error(send("POST", "/v1/pools/vm1/snapshots", "[1]", token)).startsWith(
                "the request body must be a JSON object"));
        assertTrue(error(send("POST", "/v1/pools/vm1/snapshots", "{\"name\":\"a\",\"name\":\"b\"}", token))
                .contains("Duplicate field 'name'"));
        assertTrue(error(send("POST", "/v1/pools/vm1/snapshots", "", token)).startsWith(
                "the request needs a JSON object body"));
        assertEquals(0, json(send("GET", "/v1/pools/vm1/snapshots", null, token)).size(), "nothing was created");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> missing = send("GET", "/v1/nothing", null, token);
        assertEquals(404, missing.statusCode());
        assertEquals("no such endpoint: /v1/nothing", error(missing));
        HttpResponse<String> wrong = send("PUT", "/v1/pools/vm1/snapshots", "{}", token);
        assertEquals(405, wrong.statusCode());
        assertEquals("GET, POST", wrong.headers().firstValue("Allow").orElseThrow());
        assertEquals(400, send("DELETE", "/v1/targets/" + IQN + "/luns/zero", null, token).statusCode());
    }

    @Test
    void oversizedBodyIsRefused413BeforeItIsRead() throws Exception {
        String head = "POST /v1/pools/vm1/snapshots HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + (AdminServer.MAX_BODY + 1) + "\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] status = socket.getInputStream().readNBytes(12);
            assertEquals("HTTP/1.1 413", new String(status, StandardCharsets.US_ASCII));
        }
        assertEquals(200, send("GET", "/v1/status", null, token).statusCode());
        assertEquals(0, json(send("GET", "/v1/pools/vm1/snapshots", null, token)).size(), "nothing was created");
    }

    @Test
    void pipelinedRequestsOnOneConnectionAreAnsweredInOrder() throws Exception {
        String request = "POST /v1/pools/vm1/snapshots HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s";
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            String body = "{\"name\":\"s" + i + "\"}";
            all.append(String.format(request, body.length(), body));
        }
        all.append("GET /v1/pools/vm1/snapshots HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer ")
                .append(token).append("\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(all.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answers = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int at = 0;
            for (int i = 0; i < 5; i++) {
                at = answers.indexOf("\"name\":\"s" + i + "\"", at);
                assertTrue(at > 0, "answer " + i + " in order: " + answers);
            }
            assertEquals(6, answers.split("HTTP/1.1 ", -1).length - 1, answers);
        }
    }

    @Test
    void nonLoopbackAddressIsRefusedBeforeAnythingIsWritten(@TempDir Path other) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdminServer.start(new InetSocketAddress("0.0.0.0", 0), other, operations));
        assertTrue(e.getMessage().contains("not a loopback address"), e.getMessage());
        assertFalse(Files.exists(other.resolve("admin.token")));
    }

    @Test
    void ipv6LoopbackIsAccepted(@TempDir Path other) throws Exception {
        try (AdminServer v6 = AdminServer.start(new InetSocketAddress("::1", 0), other, operations)) {
            assertTrue(v6.address().getAddress().isLoopbackAddress());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + v6.hostPort() + "/v1/status"))
                    .header("Authorization", "Bearer " + AdminToken.read(other)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
        }
    }

    private URI uri(String path) {
        return URI.create("http://" + server.hostPort() + path);
    }

    private HttpResponse<String> send(String method, String path, String body, String bearer) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, publisher);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return AdminJson.mapper().readTree(r.body());
    }

    private static String error(HttpResponse<String> r) throws IOException {
        return json(r).get("error").asText();
    }
}
