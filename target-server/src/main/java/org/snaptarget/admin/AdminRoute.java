package org.snaptarget.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The closed set of admin requests, as parsed from an HTTP method and path (the routes of
 * {@code target-server/ADMIN-API.md}). Path segments are percent-decoded (RFC 3986 §2.1), so a
 * target name may be sent encoded or, since {@code :} and {@code .} are legal in a segment, as is.
 *
 * <p>{@link #parse} never throws for a client's mistake: an unknown path, a method a path does not
 * take, or a malformed LUN number comes back as a {@link Refused} route carrying the HTTP status
 * and message to answer with.
 */
public sealed interface AdminRoute {

    /** {@code POST /v1/pools/{pool}/snapshots} with {@code {name, of?, readOnly?}}. */
    record CreateSnapshot(String pool) implements AdminRoute {
    }

    /** {@code GET /v1/pools/{pool}/snapshots}. */
    record ListSnapshots(String pool) implements AdminRoute {
    }

    /** {@code DELETE /v1/pools/{pool}/snapshots/{name}}. */
    record DeleteSnapshot(String pool, String name) implements AdminRoute {
    }

    /** {@code POST /v1/targets/{iqn}/luns} with {@code {lun, pool, snapshot?, readOnly?}}. */
    record AddLun(String target) implements AdminRoute {
    }

    /** {@code DELETE /v1/targets/{iqn}/luns/{lun}}. */
    record RemoveLun(String target, int lun) implements AdminRoute {
    }

    /** {@code GET /v1/status}. */
    record Status() implements AdminRoute {
    }

    /** {@code GET /metrics}: Prometheus text. */
    record Metrics() implements AdminRoute {
    }

    /**
     * No route: answer {@code status} with {@code message}.
     *
     * @param allow for 405, the methods the path does take (the {@code Allow} header, RFC 9110 §15.5.6)
     */
    record Refused(int status, String message, String allow) implements AdminRoute {
    }

    /** The route for {@code method} on {@code rawPath} (the request target without its query). */
    static AdminRoute parse(String method, String rawPath) {
        if (rawPath.equals("/")) {
            return notFound(rawPath);
        }
        List<String> s;
        try {
            s = segments(rawPath);
        } catch (IllegalArgumentException e) {
            return new Refused(400, "malformed path '" + rawPath + "': " + e.getMessage(), null);
        }
        int n = s.size();
        if (n == 1 && s.get(0).equals("metrics")) {
            return method.equals("GET") ? new Metrics() : notAllowed(method, rawPath, "GET");
        }
        if (n < 2 || !s.get(0).equals("v1")) {
            return notFound(rawPath);
        }
        String collection = s.get(1);
        if (collection.equals("status") && n == 2) {
            return method.equals("GET") ? new Status() : notAllowed(method, rawPath, "GET");
        }
        if (collection.equals("pools") && n >= 4 && s.get(3).equals("snapshots")) {
            String pool = s.get(2);
            if (n == 4) {
                return switch (method) {
                    case "GET" -> new ListSnapshots(pool);
                    case "POST" -> new CreateSnapshot(pool);
                    default -> notAllowed(method, rawPath, "GET, POST");
                };
            }
            if (n == 5) {
                return method.equals("DELETE") ? new DeleteSnapshot(pool, s.get(4))
                        : notAllowed(method, rawPath, "DELETE");
            }
        }
        if (collection.equals("targets") && n >= 4 && s.get(3).equals("luns")) {
            String target = s.get(2);
            if (n == 4) {
                return method.equals("POST") ? new AddLun(target) : notAllowed(method, rawPath, "POST");
            }
            if (n == 5) {
                if (!method.equals("DELETE")) {
                    return notAllowed(method, rawPath, "DELETE");
                }
                String lun = s.get(4);
                if (!lun.matches("[0-9]{1,5}")) {
                    return new Refused(400, "LUN '" + lun + "' is not a LUN number (0..16383)", null);
                }
                return new RemoveLun(target, Integer.parseInt(lun));
            }
        }
        return notFound(rawPath);
    }

    private static List<String> segments(String rawPath) {
        if (!rawPath.startsWith("/")) {
            throw new IllegalArgumentException("it does not start with '/'");
        }
        List<String> out = new ArrayList<>();
        for (String raw : rawPath.substring(1).split("/", -1)) {
            if (raw.isEmpty()) {
                throw new IllegalArgumentException("it has an empty segment");
            }
            // '+' is a space only in form bodies, not in paths: keep it literal.
            String decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (decoded.isEmpty() || decoded.indexOf('/') >= 0 || decoded.chars().anyMatch(c -> c < ' ')) {
                throw new IllegalArgumentException("segment '" + raw + "' decodes to an unusable name");
            }
            out.add(decoded);
        }
        return out;
    }

    private static Refused notFound(String rawPath) {
        return new Refused(404, "no such endpoint: " + rawPath, null);
    }

    private static Refused notAllowed(String method, String rawPath, String allow) {
        return new Refused(405, method + " is not allowed on " + rawPath + " (allowed: " + allow + ")", allow);
    }
}
