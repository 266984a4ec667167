package org.snaptarget.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.admin.LunView;
import org.snaptarget.config.ChapSpec;
import org.snaptarget.config.ConfigLoader;
import org.snaptarget.config.ConfigWriter;
import org.snaptarget.config.PoolSpec;
import org.snaptarget.config.Size;
import org.snaptarget.config.SnapTargetConfig;

/** The configuration serve runs without --config, and the flags that change it. */
class EmbeddedDefaultTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultIsOnePoolOneTargetLun0OnLoopback() {
        SnapTargetConfig c = EmbeddedDefault.config();
        assertEquals(Path.of("snaptarget-data").toAbsolutePath().normalize(), c.dataDir());
        assertEquals("127.0.0.1:3260", c.portals().get(0).toString());
        PoolSpec pool = c.pools().get(0);
        assertEquals("default", pool.name());
        assertEquals(Size.GIB, pool.origin().size().bytes());
        assertEquals(2 * Size.GIB, pool.store().size().bytes());
        assertEquals(c.dataDir().resolve("default.origin"), pool.origin().path());
        assertEquals(80, pool.store().warnAt().value());
        assertEquals(EmbeddedDefault.TARGET, c.targets().get(0).iqn().value());
        assertEquals(0, c.targets().get(0).luns().get(0).lun());
        assertTrue(c.targets().get(0).luns().get(0).snapshot().isEmpty());
    }

    @Test
    void theDefaultIsAConfigurationTheLoaderAccepts() throws Exception {
        Path file = dir.resolve("default.yaml");
        ConfigWriter.write(EmbeddedDefault.config(new EmbeddedDefault.Options(dir.resolve("data"), List.of("127.0.0.1:3261"),
                64 * Size.MIB, EmbeddedDefault.TARGET, Optional.of(new ChapSpec("host", "secret-123456")), Optional.empty(),
                List.of("iqn.2026-11.org.example:host"), true)), file);
        var result = ConfigLoader.load(file);
        assertTrue(result.isValid(), () -> result.errors().toString());
    }

    @Test
    void aPortalWithoutPortListensOnTheIscsiPort() {
        SnapTargetConfig c = EmbeddedDefault.config(new EmbeddedDefault.Options(dir, List.of("127.0.0.2", "[::1]",
                "[::1]:3261"), Size.MIB * 8, EmbeddedDefault.TARGET, Optional.empty(), Optional.empty(), List.of(), false));
        assertEquals(List.of("127.0.0.2:3260", "[::1]:3260", "[::1]:3261"),
                c.portals().stream().map(Object::toString).toList());
    }

    @Test
    void badFlagValuesAreRefusedNamingTheFlag() {
        assertMessage("--size", () -> options(1000, "secret-123456"));
        assertMessage("--chap-secret", () -> options(Size.MIB * 8, "short"));
        assertMessage("--target", () -> EmbeddedDefault.config(new EmbeddedDefault.Options(dir, List.of("127.0.0.1:0"),
                Size.MIB * 8, "iqn.bad", Optional.empty(), Optional.empty(), List.of(), false)));
        assertMessage("--portal", () -> EmbeddedDefault.config(new EmbeddedDefault.Options(dir, List.of("[nope"),
                Size.MIB * 8, EmbeddedDefault.TARGET, Optional.empty(), Optional.empty(), List.of(), false)));
    }

    static SnapTargetConfig options(long size, String secret) {
        return EmbeddedDefault.config(new EmbeddedDefault.Options(Path.of("x"), List.of("127.0.0.1:0"), size,
                EmbeddedDefault.TARGET, Optional.of(new ChapSpec("u", secret)), Optional.empty(), List.of(), false));
    }

    static void assertMessage(String flag, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(flag), e.getMessage());
    }

    @Test
    void theDefaultServesAStoreBackedReadOnlyLunWhenAskedTo() throws Exception {
        SnapTargetConfig c = EmbeddedDefault.config(new EmbeddedDefault.Options(dir, List.of("127.0.0.1:0"), 8 * Size.MIB,
                EmbeddedDefault.TARGET, Optional.empty(), Optional.empty(), List.of(), true));
        try (ServerRuntime runtime = ServerRuntime.start(c, null)) {
            LunView lun = runtime.status().luns().get(0);
            assertTrue(lun.readOnly());
            assertTrue(Files.exists(dir.resolve("default.store")));
            assertEquals(16 * Size.MIB, Files.size(dir.resolve("default.store")));
        }
    }
}
