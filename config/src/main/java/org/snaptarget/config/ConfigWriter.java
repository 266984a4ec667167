package org.snaptarget.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link SnapTargetConfig} back as YAML that {@link ConfigLoader} reads to an equal model
 * (the server persists run-time LUN changes this way). The document is built as plain maps and
 * lists in the configuration's key order and written by Jackson's YAML generator; every value is
 * spelled explicitly, defaults included, paths absolute, strings quoted, so nothing depends on the
 * reader's defaults or on YAML's implicit typing. Comments of a hand-written file are not kept.
 */
public final class ConfigWriter {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());

    private ConfigWriter() {
    }

    public static String toYaml(SnapTargetConfig config) {
        try {
            return YAML.writeValueAsString(document(config));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("writing plain maps as YAML", e);
        }
    }

    /**
     * Replaces {@code file} with the configuration, atomically: a reader sees the old file or the
     * new one, never a torn one, also after a crash. A newly created file is readable by its owner
     * only, as it may hold CHAP secrets.
     */
    public static void write(SnapTargetConfig config, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        byte[] bytes = toYaml(config).getBytes(StandardCharsets.UTF_8);
        FileAttribute<?>[] ownerOnly = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------"))}
                : new FileAttribute<?>[0];
        Files.deleteIfExists(temp);
        try (FileChannel ch = FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), ownerOnly)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    /** Makes the rename durable where the file system allows syncing a directory; it is atomic either way. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException notSupported) {
            // Some file systems refuse to open or sync a directory; nothing more can be done.
        }
    }

    private static Map<String, Object> document(SnapTargetConfig c) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dataDir", c.dataDir().toString());
        doc.put("portals", c.portals().stream().map(HostPort::toString).toList());
        doc.put("admin", Map.of("listen", c.admin().listen().toString()));
        doc.put("pools", c.pools().stream().map(ConfigWriter::pool).toList());
        doc.put("targets", c.targets().stream().map(ConfigWriter::target).toList());
        return doc;
    }

    private static Map<String, Object> pool(PoolSpec p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("origin", ordered("path", p.origin().path().toString(), "size", p.origin().size().toString()));
        Map<String, Object> store = ordered("path", p.store().path().toString(), "size", p.store().size().toString());
        store.put("warnAt", p.store().warnAt().toString());
        m.put("store", store);
        m.put("chunkSize", p.chunkSize().toString());
        m.put("schedules", p.schedules().stream().map(s -> {
            Map<String, Object> schedule = ordered("every", s.every().toString(), "keep", s.keep());
            schedule.put("prefix", s.prefix());
            return schedule;
        }).toList());
        return m;
    }

    private static Map<String, Object> target(TargetSpec t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iqn", t.iqn().value());
        t.alias().ifPresent(a -> m.put("alias", a));
        t.chap().ifPresent(c -> m.put("chap", ordered("user", c.user(), "secret", c.secret())));
        t.mutualChap().ifPresent(c -> m.put("mutualChap", ordered("user", c.user(), "secret", c.secret())));
        if (!t.initiators().isEmpty()) {
            m.put("initiators", t.initiators().stream().map(Iqn::value).toList());
        }
        m.put("luns", t.luns().stream().map(ConfigWriter::lun).toList());
        return m;
    }

    private static Map<String, Object> lun(LunSpec l) {
        Map<String, Object> m = ordered("lun", l.lun(), "pool", l.pool());
        l.snapshot().ifPresent(s -> m.put("snapshot", s));
        m.put("readOnly", l.readOnly());
        return m;
    }

    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
