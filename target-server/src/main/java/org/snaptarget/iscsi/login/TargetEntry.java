package org.snaptarget.iscsi.login;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What login needs to know about one configured iSCSI target node: its name, alias, portals,
 * CHAP credentials and initiator access list.
 *
 * <p>Invariants: the name is non-empty; the collections are immutable copies; when both CHAP
 * directions are configured their secrets differ (RFC 7143 §12.1.3: a secret used to
 * authenticate the initiator must not also authenticate the target).
 *
 * @param name              the iSCSI target name (iqn./eui./naa.)
 * @param alias             the TargetAlias, or null / empty for none (RFC 7143 §13.6)
 * @param portalGroupTag    the portal group tag used when none of {@code portals} matches the
 *                          portal a login arrives on
 * @param portals           where the target is reachable; SendTargets lists each of them
 * @param chap              if present, initiators must authenticate with CHAP as this user
 * @param mutualChap        if present, the target answers mutual CHAP challenges as this user
 * @param allowedInitiators initiator names admitted (compared case-insensitively, RFC 3722
 *                          normalises names to lower case); empty set = everyone
 */
public record TargetEntry(String name, String alias, int portalGroupTag, List<Portal> portals,
                          Optional<ChapSecret> chap, Optional<ChapSecret> mutualChap,
                          Set<String> allowedInitiators) {

    public TargetEntry {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("target name is empty");
        }
        if (portalGroupTag < 0 || portalGroupTag > 0xFFFF) {
            throw new IllegalArgumentException("target " + name + ": portal group tag " + portalGroupTag
                    + " is outside 0..65535");
        }
        portals = List.copyOf(portals);
        chap = Objects.requireNonNull(chap, "chap");
        mutualChap = Objects.requireNonNull(mutualChap, "mutualChap");
        allowedInitiators = allowedInitiators.stream()
                .map(n -> n.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        if (chap.isPresent() && mutualChap.isPresent()
                && chap.get().secret().equals(mutualChap.get().secret())) {
            throw new IllegalArgumentException("target " + name
                    + ": the mutual CHAP secret must differ from the initiator CHAP secret (RFC 7143 §12.1.3)");
        }
    }

    /** True if the initiator with this iSCSI name may log in to (and discover) this target. */
    public boolean admits(String initiatorName) {
        return allowedInitiators.isEmpty()
                || (initiatorName != null && allowedInitiators.contains(initiatorName.toLowerCase(Locale.ROOT)));
    }

    /** The alias to announce, if one is configured. */
    Optional<String> announcedAlias() {
        return alias == null || alias.isEmpty() ? Optional.empty() : Optional.of(alias);
    }

    /**
     * The portal group tag of the portal a connection arrived on: the tag of the configured portal
     * that serves {@code local} (same port, and same host or a wildcard one; an exact host match
     * wins), else {@link #portalGroupTag()}.
     */
    public int portalGroupTagFor(Portal local) {
        Portal wildcard = null;
        for (Portal p : portals) {
            if (p.serves(local)) {
                if (!p.isWildcard()) {
                    return p.tpgt();
                }
                if (wildcard == null) {
                    wildcard = p;
                }
            }
        }
        return wildcard != null ? wildcard.tpgt() : portalGroupTag;
    }
}
