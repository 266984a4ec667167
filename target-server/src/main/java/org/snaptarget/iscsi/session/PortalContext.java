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

    /**
     * The context for one accepted connection: a portal listening on a wildcard address (0.0.0.0,
     * ::) is reported to the login layer as the concrete address the connection arrived on, so
     * SendTargets and TargetAddress name an address the initiator can reach.
     */
    public PortalContext forConnection(java.net.InetSocketAddress local) {
        String host = portal.host().replace("[", "").replace("]", "");
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
        if (!wildcard || local == null || local.getAddress() == null) {
            return this;
        }
        return new PortalContext(catalog, new Portal(local.getAddress().getHostAddress(), portal.port(), portal.tpgt()),
                limits, devices, registry, keepAlive, loginTimeout, random);
    }

    /** The SCSI device of a target. */
    public Optional<ScsiTargetDevice> device(String targetName) {
        return Optional.ofNullable(devices.get(targetName.toLowerCase(Locale.ROOT)));
    }
}
