package org.snaptarget.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lun add} / {@code lun remove} on the model, and their persistence through {@link ConfigWriter}. */
class RuntimeLunChangeTest {

    private static final Iqn VM1 = Iqn.parse("iqn.2026-11.org.snaptarget:vm1");

    private final SnapTargetConfig example = load();

    private static SnapTargetConfig load() {
        try {
            return ConfigLoader.load(ExampleConfigTest.EXAMPLE).orThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String refusal(Runnable change) {
        return assertThrows(IllegalArgumentException.class, change::run).getMessage();
    }

    @Test
    void addingALunKeepsTheTargetsLunsInNumberOrder() {
        LunSpec added = new LunSpec(5, "scratch", Optional.of("weekly"), true);

        SnapTargetConfig changed = example.withLunAdded(VM1, added)
                .withLunAdded(VM1, new LunSpec(2, "vm1", Optional.empty(), false));

        assertEquals(List.of(0, 1, 2, 5), changed.target(VM1).orElseThrow().luns().stream().map(LunSpec::lun).toList());
        assertEquals(added, changed.target(VM1).orElseThrow().luns().get(3));
        assertEquals(example.targets().get(1), changed.targets().get(1));
    }

    @Test
    void removingALunLeavesTheOthers() {
        SnapTargetConfig changed = example.withLunRemoved(VM1, 0);

        assertEquals(List.of(new LunSpec(1, "vm1", Optional.of("nightly"), true)),
                changed.target(VM1).orElseThrow().luns());
    }

    @Test
    void changesThatBreakTheRulesAreRefusedWithTheReason() {
        assertEquals("target iqn.2026-11.org.snaptarget:vm1 already has a LUN 1",
                refusal(() -> example.withLunAdded(VM1, new LunSpec(1, "vm1", Optional.empty(), false))));
        assertEquals("LUN 16384 is out of range 0..16383",
                refusal(() -> example.withLunAdded(VM1, new LunSpec(16384, "vm1", Optional.empty(), false))));
        assertEquals("unknown pool 'vm9'",
                refusal(() -> example.withLunAdded(VM1, new LunSpec(2, "vm9", Optional.empty(), false))));
        assertEquals("snapshot name 'a b' may only contain letters, digits, '.', '_' and '-', and must start with a"
                + " letter or digit",
                refusal(() -> example.withLunAdded(VM1, new LunSpec(2, "vm1", Optional.of("a b"), false))));
        assertEquals("no target iqn.2026-11.org.snaptarget:none", refusal(() -> example.withLunAdded(
                Iqn.parse("iqn.2026-11.org.snaptarget:none"), new LunSpec(2, "vm1", Optional.empty(), false))));
        assertEquals("target iqn.2026-11.org.snaptarget:vm1 has no LUN 9",
                refusal(() -> example.withLunRemoved(VM1, 9)));
    }

    @Test
    void aRuntimeChangePersistsAcrossARestart(@TempDir Path dir) throws Exception {
        SnapTargetConfig changed = example.withLunAdded(VM1, new LunSpec(7, "vm1", Optional.of("before-upgrade"), true))
                .withLunRemoved(VM1, 0);
        Path file = dir.resolve("snaptarget.yaml");

        ConfigWriter.write(changed, file);

        assertEquals(changed, ConfigLoader.load(file).orThrow());
    }
}
