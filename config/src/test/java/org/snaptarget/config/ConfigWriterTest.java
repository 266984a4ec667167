package org.snaptarget.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWriterTest {

    @TempDir
    Path dir;

    @Test
    void theExampleWrittenBackLoadsToAnEqualModel() throws Exception {
        SnapTargetConfig original = ConfigLoader.load(ExampleConfigTest.EXAMPLE).orThrow();
        Path copy = dir.resolve("copy.yaml");

        ConfigWriter.write(original, copy);

        assertEquals(original, ConfigLoader.load(copy).orThrow());
    }

    @Test
    void aRuntimeLunChangeSurvivesTheRoundTrip() throws Exception {
        SnapTargetConfig original = ConfigLoader.load(ExampleConfigTest.EXAMPLE).orThrow();
        TargetSpec t = original.targets().get(1);
        List<LunSpec> luns = new java.util.ArrayList<>(t.luns());
        luns.add(new LunSpec(7, "scratch", Optional.of("2026"), true));
        TargetSpec changed = new TargetSpec(t.iqn(), t.alias(), t.chap(), t.mutualChap(), t.initiators(), luns);
        SnapTargetConfig updated = new SnapTargetConfig(original.dataDir(), original.portals(), original.admin(),
                original.pools(), List.of(original.targets().get(0), changed));
        Path file = dir.resolve("state.yaml");

        ConfigWriter.write(updated, file);

        assertEquals(updated, ConfigLoader.load(file).orThrow());
    }

    @Test
    void valuesThatLookLikeOtherYamlTypesStayStrings() throws Exception {
        SnapTargetConfig c = new SnapTargetConfig(dir.resolve("data"), List.of(new HostPort("::1", 3260)),
                new AdminSpec(AdminSpec.DEFAULT_LISTEN), List.of(new PoolSpec("yes",
                        new OriginSpec(dir.resolve("data/true"), Size.parse("1MiB")),
                        new StoreSpec(dir.resolve("data/0x10"), Size.parse("4MiB"), new Percent(50)),
                        Size.parse("4KiB"), List.of(new ScheduleSpec(Duration.parse("1m"), 1, "null")))),
                List.of(new TargetSpec(Iqn.parse("iqn.2026-11.org.snaptarget:a"), Optional.of("123"),
                        Optional.of(new ChapSpec("no", "000000000000")), Optional.empty(), List.of(),
                        List.of(new LunSpec(0, "yes", Optional.of("on"), false)))));
        Path file = dir.resolve("odd.yaml");

        ConfigWriter.write(c, file);

        assertEquals(c, ConfigLoader.load(file).orThrow());
    }

    @Test
    void aNewFileIsReadableByItsOwnerOnlyAndNoTemporaryIsLeft() throws Exception {
        Path file = dir.resolve("secret.yaml");

        ConfigWriter.write(ConfigLoader.load(ExampleConfigTest.EXAMPLE).orThrow(), file);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.exists(dir.resolve("secret.yaml.tmp")));
    }

    @Test
    void writingReplacesTheWholeFile() throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "x".repeat(100_000));

        ConfigWriter.write(ConfigLoader.load(ExampleConfigTest.EXAMPLE).orThrow(), file);

        assertEquals(ConfigWriter.toYaml(ConfigLoader.load(ExampleConfigTest.EXAMPLE).orThrow()),
                Files.readString(file));
    }
}
