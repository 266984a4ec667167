package org.snaptarget.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The documented example, {@code config/example-snaptarget.yaml}, is valid and means exactly this model. */
class ExampleConfigTest {

    static final Path EXAMPLE = Path.of("example-snaptarget.yaml");

    @Test
    void exampleParsesToTheExpectedModel() throws Exception {
        ConfigResult result = ConfigLoader.load(EXAMPLE);

        assertEquals(List.of(), result.errors());
        Path dir = EXAMPLE.toAbsolutePath().getParent();
        Path data = dir.resolve("snaptarget-data");
        SnapTargetConfig expected = new SnapTargetConfig(
                data,
                List.of(new HostPort("127.0.0.1", 3260), new HostPort("::1", 3260)),
                new AdminSpec(new HostPort("127.0.0.1", 3280)),
                List.of(
                        new PoolSpec("vm1",
                                new OriginSpec(data.resolve("vm1.origin"), Size.parse("20GiB")),
                                new StoreSpec(data.resolve("vm1.store"), Size.parse("40GiB"), new Percent(80)),
                                Size.parse("64KiB"),
                                List.of(new ScheduleSpec(Duration.parse("15m"), 96, "quarterly"),
                                        new ScheduleSpec(Duration.parse("1d"), 14, "daily"))),
                        new PoolSpec("scratch",
                                new OriginSpec(data.resolve("scratch.origin"), Size.parse("1GiB")),
                                new StoreSpec(data.resolve("scratch.store"), Size.parse("256MiB"), new Percent(80)),
                                Size.parse("64KiB"),
                                List.of())),
                List.of(
                        new TargetSpec(Iqn.parse("iqn.2026-11.org.snaptarget:vm1"), Optional.of("VM disks"),
                                Optional.of(new ChapSpec("host1", "s3cret-for-h1")),
                                Optional.of(new ChapSpec("snaptarget", "target-secret-2")),
                                List.of(Iqn.parse("iqn.1993-08.org.debian:01:host1"),
                                        Iqn.parse("iqn.1991-05.com.microsoft:host2")),
                                List.of(new LunSpec(0, "vm1", Optional.empty(), false),
                                        new LunSpec(1, "vm1", Optional.of("nightly"), true))),
                        new TargetSpec(Iqn.parse("iqn.2026-11.org.snaptarget:scratch"), Optional.empty(),
                                Optional.empty(), Optional.empty(), List.of(),
                                List.of(new LunSpec(0, "scratch", Optional.empty(), false)))));
        assertEquals(expected, result.orThrow());
    }

    @Test
    void exampleNamesASnapshotTheServerMustFind() throws Exception {
        ConfigResult withoutIt = ConfigLoader.load(EXAMPLE, KnownSnapshots.of(
                java.util.Map.of("vm1", java.util.Set.of("weekly"), "scratch", java.util.Set.of())));

        assertEquals(1, withoutIt.errors().size());
        assertEquals("example-snaptarget.yaml:52:40: targets[0].luns[1].snapshot: pool 'vm1' has no snapshot"
                + " 'nightly'", withoutIt.errors().getFirst().toString());
    }
}
