package org.snaptarget.iscsi.login;

import java.util.List;
import java.util.Optional;

/**
 * The targets a portal serves, as login and SendTargets see them. Implementations must be safe to
 * call from an event loop: no blocking, and a consistent answer for the duration of one call.
 */
public interface TargetCatalog {

    /** The target with exactly this iSCSI name, if configured. */
    Optional<TargetEntry> find(String targetName);

    /** Every configured target, in a stable order (SendTargets lists them in this order). */
    List<TargetEntry> all();
}
