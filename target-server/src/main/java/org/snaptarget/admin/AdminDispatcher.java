package org.snaptarget.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Carries out one parsed {@link AdminRoute} against {@link AdminOperations} and turns the outcome
 * into an {@link AdminResponse}: 200 with the view, 201 with the created snapshot or LUN, 204 after
 * a delete; refusals as {@code {"error": message}} with the status of their
 * {@link AdminException.Kind} (NOT_FOUND 404, CONFLICT 409, INVALID 400, FAILED 500). Any other
 * exception is a server fault: logged with its stack, answered 500 with its message.
 *
 * <p>May block (operations commit the store), so it runs on the endpoint's worker threads, never
 * on a Netty event loop. Stateless, hence thread-safe.
 */
final class AdminDispatcher {

    private static final Logger log = LoggerFactory.getLogger(AdminDispatcher.class);
    private static final List<String> SNAPSHOT_FIELDS = List.of("name", "of", "readOnly");
    private static final List<String> LUN_FIELDS = List.of("lun", "pool", "snapshot", "readOnly");
    /** The largest LUN number a flat LUN can carry (SAM-5 §4.7.7: 14 bits). */
    static final int MAX_LUN = 16_383;

    /** The order of {@code GET /v1/pools/{pool}/snapshots}: by creation time, ties (same millisecond) by name. */
    static final Comparator<SnapshotView> OLDEST_FIRST = Comparator.comparing(SnapshotView::created,
            Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(SnapshotView::name);

    private final AdminOperations operations;

    AdminDispatcher(AdminOperations operations) {
        this.operations = Objects.requireNonNull(operations, "operations");
    }

    AdminResponse dispatch(AdminRoute route, byte[] body) {
        try {
            return carryOut(route, body);
        } catch (AdminException e) {
            if (e.kind() == AdminException.Kind.FAILED) {
                log.warn("admin request {} failed: {}", route, e.getMessage(), e);
            }
            return AdminResponse.error(statusOf(e.kind()), e.getMessage());
        } catch (RuntimeException e) {
            log.error("admin request {} failed unexpectedly", route, e);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return AdminResponse.error(500, "internal error: " + message);
        }
    }

    private AdminResponse carryOut(AdminRoute route, byte[] body) {
        return switch (route) {
            case AdminRoute.CreateSnapshot r -> {
                RequestBody b = RequestBody.parse(body, SNAPSHOT_FIELDS);
                SnapshotView created = operations.createSnapshot(r.pool(), b.requiredText("name"), b.optionalText("of"),
                        b.optionalBoolean("readOnly", false));
                yield AdminResponse.json(201, created);
            }
            case AdminRoute.ListSnapshots r -> AdminResponse.json(200, operations.listSnapshots(r.pool()).stream()
                    .sorted(OLDEST_FIRST).toList());
            case AdminRoute.DeleteSnapshot r -> {
                operations.deleteSnapshot(r.pool(), r.name());
                yield AdminResponse.noContent();
            }
            case AdminRoute.AddLun r -> {
                RequestBody b = RequestBody.parse(body, LUN_FIELDS);
                LunView added = operations.addLun(r.target(), b.requiredInt("lun", 0, MAX_LUN), b.requiredText("pool"),
                        b.optionalText("snapshot"), b.optionalBoolean("readOnly", false));
                yield AdminResponse.json(201, added);
            }
            case AdminRoute.RemoveLun r -> {
                if (r.lun() > MAX_LUN) {
                    throw new AdminException(AdminException.Kind.INVALID,
                            "LUN " + r.lun() + " is outside 0.." + MAX_LUN);
                }
                operations.removeLun(r.target(), r.lun());
                yield AdminResponse.noContent();
            }
            case AdminRoute.Status r -> AdminResponse.json(200, operations.status());
            case AdminRoute.Metrics r -> new AdminResponse(200, AdminResponse.PROMETHEUS, operations.metrics(), null);
            case AdminRoute.Refused r -> new AdminResponse(r.status(), AdminResponse.JSON, AdminJson.error(r.message()),
                    r.allow());
        };
    }

    static int statusOf(AdminException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID -> 400;
            case FAILED -> 500;
        };
    }
}
