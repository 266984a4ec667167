package org.snaptarget.iscsi.login;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds SendTargets answers (RFC 7143 Appendix C, §13.8): for each target the initiator may see,
 * one {@code TargetName=} pair followed by one {@code TargetAddress=host:port,tpgt} pair per
 * portal, each its own NUL-terminated pair.
 *
 * <p>Values: "All" lists every target whose access list admits the initiator (in a normal
 * session only the session's own target, which is all a normal session may address); "" (empty)
 * lists the session's own target in a normal session and nothing in a discovery session; a target
 * name lists that target if it exists and admits the initiator, else nothing — an unknown name
 * and a hidden one look the same. Any other value (not "All", not empty, not an iqn./eui./naa.
 * name) is answered {@code SendTargets=Reject}. A target without configured portals is listed at
 * the portal the request came in on; a wildcard portal host (0.0.0.0, ::) is replaced by that
 * portal's host.
 */
final class SendTargetsResponder {

    private final TargetCatalog catalog;
    private final Portal localPortal;

    SendTargetsResponder(TargetCatalog catalog, Portal localPortal) {
        this.catalog = catalog;
        this.localPortal = localPortal;
    }

    /**
     * The pairs answering {@code SendTargets=value} for this initiator.
     *
     * @param sessionTarget the normal session's target, or null in a discovery session
     */
    List<KeyValue> answer(String value, String initiatorName, TargetEntry sessionTarget) {
        if (!value.equals("All") && !value.isEmpty() && !looksLikeIscsiName(value)) {
            return List.of(KeyValue.reject(KeyNames.SEND_TARGETS));
        }
        List<TargetEntry> listed = switch (value) {
            case "All" -> sessionTarget != null ? List.of(sessionTarget)
                    : catalog.all().stream().filter(t -> t.admits(initiatorName)).toList();
            case "" -> sessionTarget != null ? List.of(sessionTarget) : List.of();
            default -> {
                Optional<TargetEntry> named = catalog.find(value);
                yield named.isPresent() && named.get().admits(initiatorName) ? List.of(named.get()) : List.of();
            }
        };
        List<KeyValue> pairs = new ArrayList<>();
        for (TargetEntry t : listed) {
            pairs.add(new KeyValue("TargetName", t.name()));
            for (Portal p : portalsOf(t)) {
                pairs.add(new KeyValue("TargetAddress", p.targetAddress()));
            }
        }
        return pairs;
    }

    /** The three name formats of RFC 7143 §4.2.7.1, within the 223-byte limit. */
    static boolean looksLikeIscsiName(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return (lower.startsWith("iqn.") || lower.startsWith("eui.") || lower.startsWith("naa."))
                && value.length() > 4
                && value.getBytes(StandardCharsets.UTF_8).length <= KeyNames.MAX_ISCSI_NAME_BYTES;
    }

    private List<Portal> portalsOf(TargetEntry t) {
        if (t.portals().isEmpty()) {
            return List.of(new Portal(localPortal.host(), localPortal.port(), t.portalGroupTagFor(localPortal)));
        }
        return t.portals().stream()
                .map(p -> p.isWildcard() ? new Portal(localPortal.host(), p.port(), p.tpgt()) : p)
                .toList();
    }
}
