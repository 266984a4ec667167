package org.snaptarget.iscsi.session;

import org.snaptarget.iscsi.login.Portal;
import org.snaptarget.iscsi.login.TargetCatalog;
import org.snaptarget.iscsi.login.TargetLimits;
import org.snaptarget.scsi.ScsiTargetDevice;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What every connection accepted on one portal shares: the targets (catalog for login, SCSI device
 * per target), our limits, the session registry, and the timers.
 *
 * @param devices      SCSI device per target name (case-insensitive keys, stored lower case)
 * @param random       source of CHAP challenges, one generator per connection
 * @param loginTimeout a login phase that has not reached full-feature phase by then is closed
 */
public record PortalContext(TargetCatalog catalog, Portal portal, TargetLimits limits,
                            Map<String, ScsiTargetDevice> devices, SessionRegistry registry,
                            KeepAliveSettings keepAlive, Duration loginTimeout, Supplier<RandomGenerator> random) {

    public PortalContext {
        devices = Map.copyOf(devices.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue)));
    }

    /** The SCSI device of a target. */
    public Optional<ScsiTargetDevice> device(String targetName) {
        return Optional.ofNullable(devices.get(targetName.toLowerCase(Locale.ROOT)));
    }
}
