package org.snaptarget.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snaptarget.config.Node.ListNode;
import org.snaptarget.config.Node.MapNode;

/**
 * Binds the {@code targets} list to {@link TargetSpec}s and checks:
 * <ul>
 *   <li>{@code iqn} a well-formed iSCSI name ({@link Iqn}), unique among targets as initiators
 *       compare names (RFC 3722: lower case);</li>
 *   <li>{@code alias} non-empty, at most 255 bytes, no control characters (RFC 7143 §13.6 carries
 *       it as UTF-8 text);</li>
 *   <li>{@code chap} and {@code mutualChap}: a non-empty user and a secret of 12 to 16 characters
 *       (the Microsoft initiator's rule); {@code mutualChap} only together with {@code chap}
 *       (RFC 7143 §12.1.3: the target answers the initiator's challenge after authenticating it);
 *       the two secrets different (RFC 7143 §9.2.1: a secret that authenticates the initiator must
 *       not be configured to authenticate the target). Messages never show a secret;</li>
 *   <li>{@code initiators}: well-formed, distinct names, and not an empty list (which would
 *       admit nobody; leaving the key out admits everybody);</li>
 *   <li>each LUN: a number 0..16383 unique within the target, a defined pool, a well-formed
 *       snapshot name that, when the caller knows the pool's snapshots, exists.</li>
 * </ul>
 */
final class TargetBinder {

    static final int MAX_ALIAS_BYTES = 255;

    private final Diagnostics diagnostics;
    private final Set<String> pools;
    private final KnownSnapshots known;
    private final Map<String, Location> names = new HashMap<>();

    /** @param pools every pool name the file defines, valid or not */
    TargetBinder(Diagnostics diagnostics, Set<String> pools, KnownSnapshots known) {
        this.diagnostics = diagnostics;
        this.pools = pools;
        this.known = known;
    }

    List<TargetSpec> bind(ListNode list) {
        List<TargetSpec> targets = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            TargetSpec t = bindTarget(list.items().get(i), "targets[" + i + "]");
            if (t != null) {
                targets.add(t);
            }
        }
        return targets;
    }

    private TargetSpec bindTarget(Node node, String path) {
        MapNode map = Values.map(node, path, diagnostics);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, path, diagnostics, "iqn", "alias", "chap", "mutualChap", "initiators", "luns");
        Iqn iqn = iqn(f);
        Optional<String> alias = alias(f);
        Optional<ChapSpec> chap = chap(f, "chap");
        Optional<ChapSpec> mutual = chap(f, "mutualChap");
        if (f.has("mutualChap") && !f.has("chap")) {
            diagnostics.error(f.locationOf("mutualChap"), f.path("mutualChap") + ": needs chap too: the target"
                    + " proves itself only to an initiator that has proved itself (RFC 7143 §12.1.3)");
            mutual = null;
        }
        if (chap != null && mutual != null && chap.isPresent() && mutual.isPresent()
                && chap.get().secret().equals(mutual.get().secret())) {
            diagnostics.error(f.locationOf("mutualChap", "secret"), f.path("mutualChap")
                    + ".secret: must differ from chap.secret"
                    + " (RFC 7143 §9.2.1: a secret that authenticates the initiator must not authenticate the"
                    + " target)");
            mutual = null;
        }
        List<Iqn> initiators = initiators(f);
        List<LunSpec> luns = luns(f);
        if (iqn == null || alias == null || chap == null || mutual == null || initiators == null || luns == null) {
            return null;
        }
        return new TargetSpec(iqn, alias, chap, mutual, initiators, luns);
    }

    private Iqn iqn(Fields f) {
        Node node = f.required("iqn");
        Iqn iqn = node == null ? null
                : Values.parsed(node, f.path("iqn"), "an iSCSI name", Iqn::parse, diagnostics);
        if (iqn == null) {
            return null;
        }
        Location first = names.putIfAbsent(iqn.canonical(), node.location());
        if (first != null) {
            diagnostics.error(node.location(), f.path("iqn") + ": duplicate target name '" + iqn + "' (first at "
                    + first.describe() + ")");
            return null;
        }
        return iqn;
    }

    private Optional<String> alias(Fields f) {
        Node node = f.optional("alias");
        if (node == null) {
            return f.has("alias") ? null : Optional.empty();
        }
        String alias = Values.string(node, f.path("alias"), diagnostics);
        if (alias == null) {
            return null;
        }
        String problem = alias.isEmpty() ? "is empty"
                : alias.getBytes(StandardCharsets.UTF_8).length > MAX_ALIAS_BYTES
                        ? "is longer than " + MAX_ALIAS_BYTES + " bytes"
                        : alias.chars().anyMatch(Character::isISOControl) ? "contains a control character" : null;
        if (problem != null) {
            diagnostics.error(node.location(), f.path("alias") + ": " + problem);
            return null;
        }
        return Optional.of(alias);
    }

    /** Empty when the key is absent, {@code null} when it is present but wrong (reported). */
    private Optional<ChapSpec> chap(Fields target, String key) {
        Node node = target.optional(key);
        if (node == null) {
            return target.has(key) ? null : Optional.empty();
        }
        MapNode map = Values.map(node, target.path(key), diagnostics);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, target.path(key), diagnostics, "user", "secret");
        Node userNode = f.required("user");
        String user = userNode == null ? null : Values.string(userNode, f.path("user"), diagnostics);
        if (user != null && user.isEmpty()) {
            diagnostics.error(userNode.location(), f.path("user") + ": is empty");
            user = null;
        }
        Node secretNode = f.required("secret");
        String secret = secretNode == null ? null : Values.string(secretNode, f.path("secret"), diagnostics);
        if (secret != null) {
            int length = secret.codePointCount(0, secret.length());
            if (length < ChapSpec.MIN_SECRET || length > ChapSpec.MAX_SECRET) {
                diagnostics.error(secretNode.location(), f.path("secret") + ": has " + length + " characters; a"
                        + " CHAP secret has " + ChapSpec.MIN_SECRET + " to " + ChapSpec.MAX_SECRET
                        + " (the Microsoft iSCSI initiator refuses others)");
                secret = null;
            }
        }
        return user == null || secret == null ? null : Optional.of(new ChapSpec(user, secret));
    }

    private List<Iqn> initiators(Fields f) {
        Node node = f.optional("initiators");
        if (node == null) {
            return f.has("initiators") ? null : List.of();
        }
        ListNode list = Values.list(node, f.path("initiators"), diagnostics);
        if (list == null) {
            return null;
        }
        if (list.items().isEmpty()) {
            diagnostics.error(list.location(), f.path("initiators") + ": is empty, which would admit no initiator;"
                    + " leave the key out to admit every initiator");
            return null;
        }
        List<Iqn> initiators = new ArrayList<>();
        Map<String, Location> seen = new HashMap<>();
        boolean complete = true;
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String path = f.path("initiators") + "[" + i + "]";
            Iqn iqn = Values.parsed(item, path, "an iSCSI name", Iqn::parse, diagnostics);
            Location first = iqn == null ? null : seen.putIfAbsent(iqn.canonical(), item.location());
            if (first != null) {
                diagnostics.error(item.location(), path + ": duplicate initiator '" + iqn + "' (first at "
                        + first.describe() + ")");
            }
            if (iqn == null || first != null) {
                complete = false;
            } else {
                initiators.add(iqn);
            }
        }
        return complete ? initiators : null;
    }

    private List<LunSpec> luns(Fields f) {
        Node node = f.optional("luns");
        if (node == null) {
            return f.has("luns") ? null : List.of();
        }
        ListNode list = Values.list(node, f.path("luns"), diagnostics);
        if (list == null) {
            return null;
        }
        List<LunSpec> luns = new ArrayList<>();
        Map<Long, Location> numbers = new HashMap<>();
        boolean complete = true;
        for (int i = 0; i < list.items().size(); i++) {
            LunSpec lun = lun(list.items().get(i), f.path("luns") + "[" + i + "]", numbers);
            if (lun == null) {
                complete = false;
            } else {
                luns.add(lun);
            }
        }
        return complete ? luns : null;
    }

    private LunSpec lun(Node node, String path, Map<Long, Location> numbers) {
        MapNode map = Values.map(node, path, diagnostics);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, path, diagnostics, "lun", "pool", "snapshot", "readOnly");
        Node lunNode = f.required("lun");
        Long number = lunNode == null ? null
                : Values.integer(lunNode, f.path("lun"), 0, LunSpec.MAX_LUN, diagnostics);
        if (number != null) {
            Location first = numbers.putIfAbsent(number, lunNode.location());
            if (first != null) {
                diagnostics.error(lunNode.location(), f.path("lun") + ": duplicate LUN " + number
                        + " in this target (first at " + first.describe() + ")");
                number = null;
            }
        }
        String pool = pool(f);
        Optional<String> snapshot = snapshot(f, pool);
        Node readOnlyNode = f.optional("readOnly");
        Boolean readOnly = readOnlyNode == null ? (f.has("readOnly") ? null : Boolean.FALSE)
                : Values.bool(readOnlyNode, f.path("readOnly"), diagnostics);
        if (number == null || pool == null || snapshot == null || readOnly == null) {
            return null;
        }
        return new LunSpec(number.intValue(), pool, snapshot, readOnly);
    }

    private String pool(Fields f) {
        Node node = f.required("pool");
        String pool = node == null ? null : Values.string(node, f.path("pool"), diagnostics);
        if (pool == null || pools.contains(pool)) {
            return pool;
        }
        String hint = pools.isEmpty() ? "no pools are defined"
                : pools.stream().filter(p -> Fields.editDistance(p, pool) <= 2).findFirst()
                        .map(p -> "did you mean '" + p + "'?")
                        .orElse("defined pools: " + String.join(", ", pools));
        diagnostics.error(node.location(), f.path("pool") + ": unknown pool '" + pool + "'; " + hint);
        return null;
    }

    /** Empty for the origin, {@code null} when wrong (reported). */
    private Optional<String> snapshot(Fields f, String pool) {
        Node node = f.optional("snapshot");
        if (node == null) {
            return f.has("snapshot") ? null : Optional.empty();
        }
        String name = Values.string(node, f.path("snapshot"), diagnostics);
        if (name == null) {
            return null;
        }
        var problem = NameRules.checkName(name);
        if (problem.isPresent()) {
            diagnostics.error(node.location(), f.path("snapshot") + ": " + problem.get());
            return null;
        }
        if (pool != null) {
            Optional<Set<String>> existing = known.of(pool);
            if (existing.isPresent() && !existing.get().contains(name)) {
                diagnostics.error(node.location(), f.path("snapshot") + ": pool '" + pool + "' has no snapshot '"
                        + name + "'");
                return null;
            }
        }
        return Optional.of(name);
    }
}
