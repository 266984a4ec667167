package org.snaptarget.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static final String POOL = """
            pools:
              - name: vm1
                origin: { path: vm1.origin, size: 1GiB }
                store: { path: vm1.store, size: 2GiB }
            """;

    private ConfigResult load(String yaml) throws IOException {
        return load(yaml, KnownSnapshots.UNKNOWN);
    }

    private ConfigResult load(String yaml, KnownSnapshots known) throws IOException {
        Path file = dir.resolve("snaptarget.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, known);
    }

    @Test
    void anEmptyMappingGetsEveryDefault() throws IOException {
        SnapTargetConfig c = load("{}\n").orThrow();

        assertEquals(dir.resolve("snaptarget-data"), c.dataDir());
        assertEquals(List.of(new HostPort("0.0.0.0", 3260)), c.portals());
        assertEquals(new AdminSpec(new HostPort("127.0.0.1", 3280)), c.admin());
        assertEquals(List.of(), c.pools());
        assertEquals(List.of(), c.targets());
        assertFalse(Files.exists(c.dataDir()), "checking a configuration creates nothing");
    }

    @Test
    void poolDefaultsAreA64KiBChunkAndAWarningAt80Percent() throws IOException {
        PoolSpec pool = load(POOL).orThrow().pools().getFirst();

        assertEquals(Size.parse("64KiB"), pool.chunkSize());
        assertEquals(new Percent(80), pool.store().warnAt());
        assertEquals(List.of(), pool.schedules());
    }

    @Test
    void relativeDataDirIsRelativeToTheFileAndPoolPathsToDataDir() throws IOException {
        SnapTargetConfig c = load("dataDir: ../state\n" + POOL).orThrow();

        Path state = dir.getParent().resolve("state");
        assertEquals(state, c.dataDir());
        assertEquals(state.resolve("vm1.origin"), c.pools().getFirst().origin().path());
        assertEquals(state.resolve("vm1.store"), c.pools().getFirst().store().path());
    }

    @Test
    void absolutePoolPathsStayAsWritten() throws IOException {
        Path origin = dir.resolve("elsewhere/o.img");
        SnapTargetConfig c = load("pools:\n  - name: p\n    origin: { path: " + origin + ", size: 1MiB }\n"
                + "    store: { path: s.img, size: 4MiB }\n").orThrow();

        assertEquals(origin, c.pools().getFirst().origin().path());
    }

    @Test
    void existingRegularFilesAreAcceptedAsDevices() throws IOException {
        Files.createDirectories(dir.resolve("snaptarget-data"));
        Files.write(dir.resolve("snaptarget-data/vm1.origin"), new byte[4096]);
        Files.write(dir.resolve("snaptarget-data/vm1.store"), new byte[4096]);

        assertTrue(load(POOL).isValid());
    }

    @Test
    void aLunMayExposeAnExistingSnapshotWhenTheServerKnowsThem() throws IOException {
        String yaml = POOL + """
                targets:
                  - iqn: iqn.2026-11.org.snaptarget:vm1
                    luns:
                      - { lun: 0, pool: vm1 }
                      - { lun: 1, pool: vm1, snapshot: nightly, readOnly: true }
                      - { lun: 2, pool: vm1, snapshot: gone }
                """;
        KnownSnapshots known = KnownSnapshots.of(Map.of("vm1", Set.of("nightly")));

        ConfigResult result = load(yaml, known);

        assertEquals(List.of(dir.resolve("snaptarget.yaml") + ":10:40: targets[0].luns[2].snapshot: pool 'vm1' has"
                + " no snapshot 'gone'"), result.errors().stream().map(ConfigError::toString).toList());
        assertTrue(load(yaml).isValid(), "without a lookup only the spelling is checked");
    }

    @Test
    void snapshotLookupIsOnlyAskedAboutPoolsItKnows() throws IOException {
        String yaml = POOL + """
                targets:
                  - iqn: iqn.2026-11.org.snaptarget:vm1
                    luns: [ { lun: 0, pool: vm1, snapshot: anything } ]
                """;

        assertTrue(load(yaml, KnownSnapshots.of(Map.of("other", Set.of()))).isValid());
    }

    @Test
    void targetNamesAreComparedAsInitiatorsCompareThem() throws IOException {
        ConfigResult result = load("""
                targets:
                  - iqn: eui.02004567A425678D
                  - iqn: eui.02004567a425678d
                """);

        assertEquals(1, result.errors().size());
        assertTrue(result.errors().getFirst().message().startsWith("targets[1].iqn: duplicate target name"));
    }

    @Test
    void secretsNeverAppearInMessagesOrToString() throws IOException {
        ConfigResult result = load("""
                targets:
                  - iqn: iqn.2026-11.org.snaptarget:a
                    chap: { user: u, secret: "hunter2" }
                  - iqn: iqn.2026-11.org.snaptarget:b
                    chap: { user: u, secret: "same-secret-99" }
                    mutualChap: { user: t, secret: "same-secret-99" }
                """);

        assertEquals(2, result.errors().size());
        result.errors().forEach(e -> assertFalse(e.message().contains("hunter2") || e.message().contains("same-secret"),
                e.toString()));
        assertFalse(new ChapSpec("u", "hunter2hunter2").toString().contains("hunter2"));
    }

    @Test
    void aByteOrderMarkIsIgnored() throws IOException {
        assertTrue(load("\uFEFFportals: [\"127.0.0.1:3260\"]\n").isValid());
    }

    @Test
    void textThatIsNotUtf8IsAnIoError() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'a', 'l', 'i', 'a', 's', ':', ' ', (byte) 0xE9, '\n'});

        IOException e = assertThrows(IOException.class, () -> ConfigLoader.load(file));
        assertTrue(e.getMessage().endsWith("not UTF-8 text"), e.getMessage());
    }

    @Test
    void errorsAtTheSamePositionKeepTheOrderFound() throws IOException {
        ConfigResult result = load("pools:\n  - {}\n");

        assertEquals(List.of("pools[0]: missing required key 'name'", "pools[0]: missing required key 'origin'",
                "pools[0]: missing required key 'store'"), result.errors().stream().map(ConfigError::message).toList());
    }

    @Test
    void aResultHoldsEitherAModelOrErrors() throws IOException {
        ConfigResult invalid = load("pools: 3\n");

        assertEquals(Optional.empty(), invalid.config());
        IllegalStateException e = assertThrows(IllegalStateException.class, invalid::orThrow);
        assertTrue(e.getMessage().contains("snaptarget.yaml:1:8: pools: expected a list, got the number 3"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConfigResult(Optional.empty(), List.of()));
    }
}
