package org.snaptarget.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the validator may know about existing snapshots. A configuration file alone cannot tell
 * whether {@code snapshot: nightly} exists: that lives in the pool's store. {@code check-config}
 * uses {@link #UNKNOWN} and checks only the name's spelling; the server, once it has opened its
 * pools, passes their snapshot lists so that a LUN naming a missing snapshot is reported at its
 * line and column like every other error.
 */
@FunctionalInterface
public interface KnownSnapshots {

    /** Knows nothing: every well-formed snapshot name is accepted. */
    KnownSnapshots UNKNOWN = pool -> Optional.empty();

    /** The names of the pool's snapshots, or empty when they are not known. */
    Optional<Set<String>> of(String pool);

    /** Knows exactly the given pools' snapshots and nothing about other pools. */
    static KnownSnapshots of(Map<String, Set<String>> byPool) {
        Map<String, Set<String>> copy = Map.copyOf(byPool);
        return pool -> Optional.ofNullable(copy.get(pool));
    }
}
