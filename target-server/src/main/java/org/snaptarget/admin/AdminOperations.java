package org.snaptarget.admin;

import java.util.List;

/**
 * What an operator can do to a running server: the contract between the admin endpoint
 * (HTTP + JSON on loopback, {@code AdminServer}) and the server runtime that owns pools, targets
 * and LUNs. Every method is thread-safe and takes effect at once, without disturbing connected
 * hosts; changes persist across restarts.
 *
 * <p>Failures are {@link AdminException}s whose {@link AdminException.Kind} the endpoint maps to an
 * HTTP status and the CLI to an exit code; the message names what was wrong.
 */
public interface AdminOperations {

    /** Takes a snapshot of the pool's origin ({@code of == null}) or of the snapshot {@code of}. */
    SnapshotView createSnapshot(String pool, String name, String of, boolean readOnly);

    List<SnapshotView> listSnapshots(String pool);

    /** Refused with {@link AdminException.Kind#CONFLICT}, naming the LUN, while the snapshot is exported. */
    void deleteSnapshot(String pool, String name);

    /** Exposes the pool's origin ({@code snapshot == null}) or a snapshot as LUN {@code lun} of {@code target}. */
    LunView addLun(String target, int lun, String pool, String snapshot, boolean readOnly);

    void removeLun(String target, int lun);

    StatusView status();

    /** The Prometheus text exposition (version 0.0.4) of every metric. */
    String metrics();
}
