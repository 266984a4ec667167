package org.snaptarget.server;

import org.snaptarget.iscsi.login.TargetCatalog;
import org.snaptarget.iscsi.login.TargetEntry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A fixed set of targets, looked up by name case-insensitively (iSCSI names compare that way,
 * RFC 3722 §6). Immutable and therefore safe to share between event loops.
 */
public final class StaticTargetCatalog implements TargetCatalog {

    private final Map<String, TargetEntry> byName = new LinkedHashMap<>();

    public StaticTargetCatalog(List<TargetEntry> targets) {
        for (TargetEntry t : targets) {
            if (byName.putIfAbsent(t.name().toLowerCase(Locale.ROOT), t) != null) {
                throw new IllegalArgumentException("target " + t.name() + " is defined twice");
            }
        }
    }

    @Override
    public Optional<TargetEntry> find(String targetName) {
        return targetName == null ? Optional.empty()
                : Optional.ofNullable(byName.get(targetName.toLowerCase(Locale.ROOT)));
    }

    @Override
    public List<TargetEntry> all() {
        return List.copyOf(byName.values());
    }
}
