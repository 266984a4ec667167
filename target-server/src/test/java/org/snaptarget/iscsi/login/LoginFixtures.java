package org.snaptarget.iscsi.login;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/** Shared test fixtures: a small catalog, request builders and response text decoding. */
final class LoginFixtures {

    static final String INITIATOR = "iqn.1993-08.org.debian:01:abcdef";
    static final String OPEN_TARGET = "iqn.2026-11.org.snaptarget:open";
    static final String CHAP_TARGET = "iqn.2026-11.org.snaptarget:chap";
    static final String MUTUAL_TARGET = "iqn.2026-11.org.snaptarget:mutual";
    static final String ACL_TARGET = "iqn.2026-11.org.snaptarget:acl";
    static final ChapSecret CHAP = new ChapSecret("alice", "alice-secret-12");
    static final ChapSecret MUTUAL = new ChapSecret("target-bob", "bob-secret-4567");
    static final Portal PORTAL = new Portal("127.0.0.1", 3260, 1);

    private LoginFixtures() {
    }

    static TargetCatalog catalog() {
        return catalog(List.of(
                new TargetEntry(OPEN_TARGET, "Open Disk", 1, List.of(PORTAL), Optional.empty(), Optional.empty(), Set.of()),
                new TargetEntry(CHAP_TARGET, null, 1, List.of(PORTAL), Optional.of(CHAP), Optional.empty(), Set.of()),
                new TargetEntry(MUTUAL_TARGET, "", 1, List.of(PORTAL), Optional.of(CHAP), Optional.of(MUTUAL), Set.of()),
                new TargetEntry(ACL_TARGET, null, 1, List.of(PORTAL), Optional.empty(), Optional.empty(),
                        Set.of("iqn.1991-05.com.microsoft:allowed-host"))));
    }

    static TargetCatalog catalog(List<TargetEntry> targets) {
        return new TargetCatalog() {
            @Override
            public Optional<TargetEntry> find(String targetName) {
                return targets.stream().filter(t -> t.name().equals(targetName)).findFirst();
            }

            @Override
            public List<TargetEntry> all() {
                return targets;
            }
        };
    }

    static LoginNegotiator negotiator() {
        return new LoginNegotiator(catalog(), PORTAL, TargetLimits.defaults(), new SplittableRandom(7));
    }

    /** "k=v" strings to NUL-terminated text. */
    static byte[] text(String... pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : pairs) {
            out.writeBytes(p.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    static LoginRequest request(boolean transit, int csg, int nsg, String... pairs) {
        return new LoginRequest(transit, false, csg, nsg, 0, 0, 0x400001370000L, 0, 0, 1, 1, 0, text(pairs));
    }

    static LoginRequest continued(int csg, byte[] text) {
        return new LoginRequest(false, true, csg, 0, 0, 0, 0x400001370000L, 0, 0, 1, 1, 0, text);
    }

    /** Response text as an ordered key → value map (responses never repeat a key in login). */
    static Map<String, String> keys(byte[] text) {
        Map<String, String> map = new LinkedHashMap<>();
        try {
            for (KeyValue kv : TextCodec.parse(text)) {
                map.put(kv.key(), kv.value());
            }
        } catch (MalformedTextException e) {
            throw new AssertionError("response text is malformed: " + e.getMessage(), e);
        }
        return map;
    }

    static Map<String, String> keys(LoginResponse r) {
        return keys(r.text());
    }
}
