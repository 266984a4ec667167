package org.snaptarget.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.config.FileProbe.Kind;

/**
 * Path checks against a scripted file system, so that the answers an unprivileged user gets
 * (unreadable, unwritable) are tested even when the tests run as root.
 */
class PathCheckerTest {

    /** A file system of listed paths; anything unlisted is absent. */
    static final class ScriptedProbe implements FileProbe {
        final Map<Path, Kind> kinds = new HashMap<>();
        final Set<Path> unreadable = new HashSet<>();
        final Set<Path> unwritable = new HashSet<>();
        final Set<Path> unsearchable = new HashSet<>();
        final Set<Path> broken = new HashSet<>();

        ScriptedProbe with(String path, Kind kind) {
            kinds.put(Path.of(path), kind);
            return this;
        }

        @Override
        public Kind kind(Path p) throws IOException {
            if (broken.contains(p)) {
                throw new IOException("Input/output error");
            }
            return kinds.getOrDefault(p, Kind.ABSENT);
        }

        @Override
        public boolean canRead(Path p) {
            return !unreadable.contains(p);
        }

        @Override
        public boolean canWrite(Path p) {
            return !unwritable.contains(p);
        }

        @Override
        public boolean canSearch(Path p) {
            return !unsearchable.contains(p);
        }
    }

    private final ScriptedProbe fs = new ScriptedProbe().with("/", Kind.DIRECTORY).with("/srv", Kind.DIRECTORY);
    private final Diagnostics diagnostics = new Diagnostics();
    private final PathChecker checker = new PathChecker(diagnostics, fs);
    private static final Location AT = new Location(3, 7);

    private List<String> messages() {
        return diagnostics.sorted("f").stream().map(ConfigError::message).toList();
    }

    @Test
    void readableWritableFilesAndBlockDevicesAreUsable() {
        fs.with("/srv/a.img", Kind.REGULAR_FILE).with("/dev/sdb", Kind.BLOCK_DEVICE);

        checker.checkDevice(Path.of("/srv/a.img"), "p", AT);
        checker.checkDevice(Path.of("/dev/sdb"), "p", AT);

        assertEquals(List.of(), messages());
    }

    @Test
    void aFileOrDeviceThisUserCannotWriteOrReadIsReported() {
        fs.with("/srv/a.img", Kind.REGULAR_FILE).with("/dev/sdb", Kind.BLOCK_DEVICE);
        fs.unwritable.add(Path.of("/srv/a.img"));
        fs.unreadable.add(Path.of("/dev/sdb"));

        checker.checkDevice(Path.of("/srv/a.img"), "pools[0].origin.path", AT);
        checker.checkDevice(Path.of("/dev/sdb"), "pools[0].store.path", AT);

        assertEquals(List.of("pools[0].origin.path: '/srv/a.img' is not readable and writable by this user",
                "pools[0].store.path: '/dev/sdb' is not readable and writable by this user"), messages());
    }

    @Test
    void directoriesAndOtherSpecialFilesAreNotDevices() {
        fs.with("/dev/tty", Kind.OTHER);

        checker.checkDevice(Path.of("/srv"), "o", AT);
        checker.checkDevice(Path.of("/dev/tty"), "s", AT);

        assertEquals(List.of("o: '/srv' is a directory; expected a regular file or a block device",
                "s: '/dev/tty' is neither a regular file nor a block device"), messages());
    }

    @Test
    void anAbsentFileIsFineUnderAWritableDirectoryEvenSeveralLevelsDown() {
        checker.checkDevice(Path.of("/srv/new/deeper/a.img"), "p", AT);

        assertEquals(List.of(), messages());
    }

    @Test
    void anAbsentFileUnderAnUnwritableOrUnsearchableDirectoryCannotBeCreated() {
        fs.with("/ro", Kind.DIRECTORY).with("/nox", Kind.DIRECTORY);
        fs.unwritable.add(Path.of("/ro"));
        fs.unsearchable.add(Path.of("/nox"));

        checker.checkDevice(Path.of("/ro/sub/a.img"), "p", AT);
        checker.checkDevice(Path.of("/nox/a.img"), "q", AT);

        assertEquals(List.of("p: '/ro/sub/a.img' does not exist and cannot be created: '/ro' is not writable by this"
                + " user", "q: '/nox/a.img' does not exist and cannot be created: '/nox' is not writable by this user"),
                messages());
    }

    @Test
    void anAbsentFileBelowARegularFileCannotBeCreated() {
        fs.with("/srv/file", Kind.REGULAR_FILE);

        checker.checkDevice(Path.of("/srv/file/a.img"), "p", AT);

        assertEquals(List.of("p: '/srv/file/a.img' does not exist and cannot be created: '/srv/file' is not a"
                + " directory"), messages());
    }

    @Test
    void aPathThatCannotBeInspectedIsReportedWithTheReason() {
        fs.broken.add(Path.of("/srv/bad.img"));

        checker.checkDevice(Path.of("/srv/bad.img"), "p", AT);

        assertEquals(List.of("p: cannot inspect '/srv/bad.img': Input/output error"), messages());
    }

    @Test
    void theDataDirectoryMustBeADirectoryThisUserCanUse() {
        fs.with("/srv/file", Kind.REGULAR_FILE).with("/srv/locked", Kind.DIRECTORY);
        fs.unwritable.add(Path.of("/srv/locked"));

        checker.checkDirectory(Path.of("/srv"), "dataDir", AT);
        checker.checkDirectory(Path.of("/srv/file"), "dataDir", AT);
        checker.checkDirectory(Path.of("/srv/locked"), "dataDir", AT);
        checker.checkDirectory(Path.of("/srv/locked/new"), "dataDir", AT);

        assertEquals(List.of("dataDir: '/srv/file' exists and is not a directory",
                "dataDir: '/srv/locked' is not readable and writable by this user",
                "dataDir: '/srv/locked/new' does not exist and cannot be created: '/srv/locked' is not writable by"
                        + " this user"), messages());
    }

    @Test
    void everyPathErrorOfAFileIsReportedAtItsValue() {
        ScriptedProbe probe = new ScriptedProbe().with("/", Kind.DIRECTORY).with("/etc", Kind.DIRECTORY)
                .with("/etc/st", Kind.DIRECTORY).with("/etc/st/vm1.store", Kind.REGULAR_FILE);
        probe.unwritable.add(Path.of("/etc/st/vm1.store"));
        String yaml = """
                pools:
                  - name: vm1
                    origin: { path: /var/vm1.origin, size: 1GiB }
                    store: { path: vm1.store, size: 1GiB }
                """;

        ConfigResult result = ConfigLoader.parse("dataDir: st\n" + yaml, Path.of("/etc/snaptarget.yaml"),
                KnownSnapshots.UNKNOWN, probe);

        assertEquals(List.of("/etc/snaptarget.yaml:5:20: pools[0].store.path: '/etc/st/vm1.store' is not readable and"
                + " writable by this user"), result.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void theLocalProbeTellsKindsApart(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");

        assertEquals(Kind.DIRECTORY, FileProbe.LOCAL.kind(dir));
        assertEquals(Kind.REGULAR_FILE, FileProbe.LOCAL.kind(file));
        assertEquals(Kind.ABSENT, FileProbe.LOCAL.kind(dir.resolve("none")));
        assertEquals(Kind.OTHER, FileProbe.LOCAL.kind(Path.of("/dev/null")));
    }
}
