package org.snaptarget.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The admin endpoint spoken to directly over HTTP with the bearer token from
 * {@code <dataDir>/admin.token} (target-server/ADMIN-API.md), for what the CLI has no command for:
 * {@code GET /metrics}. Non-2xx answers fail with the body.
 */
final class AdminHttp {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ConfiguredServer server;

    AdminHttp(ConfiguredServer server) {
        this.server = server;
    }

    String get(String path) {
        return send(request(path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        String token;
        try {
            token = Files.readString(Path.of(server.dataDir().toString(), "admin.token")).strip();
        } catch (IOException e) {
            throw new AssertionError("cannot read the admin token: " + e, e);
        }
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + path))
                .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + token);
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError(request.method() + " " + request.uri() + " answered "
                                         + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
