package org.snaptarget.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of broken configurations: every {@code broken/NAME.yaml} is loaded from a scratch
 * directory and must produce exactly the lines of {@code broken/NAME.expected}, in order — every
 * error of the file, each as {@code file:line:column: message}. The scratch directory is written
 * {@code $DIR} in the expected lines and holds the fixtures some files point at: a directory
 * {@code store-dir/adir}, regular files {@code store-dir/afile} and {@code plainfile}.
 */
class BrokenConfigTableTest {

    static Stream<String> brokenFiles() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(brokenDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void reportsExactlyTheExpectedErrors(String name, @TempDir Path dir) throws Exception {
        Path expectedFile = brokenDir().resolve(name.replace(".yaml", ".expected"));
        assertTrue(Files.exists(expectedFile), "missing sidecar " + expectedFile.getFileName());
        List<String> expected = Files.readAllLines(expectedFile, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();

        List<String> actual = errorsOf(name, dir);

        assertFalse(expected.isEmpty(), "a broken file must expect at least one error");
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    @Test
    void oneFileWithSeveralMistakesReportsEveryOneInFileOrder(@TempDir Path dir) throws Exception {
        List<String> actual = errorsOf("30-many-errors.yaml", dir);

        assertTrue(actual.size() >= 8, "expected one error per mistake, got " + actual);
        List<Integer> lines = actual.stream().map(l -> Integer.parseInt(l.split(":")[1])).toList();
        assertEquals(lines.stream().sorted().toList(), lines, "errors are sorted by position");
        assertTrue(lines.containsAll(List.of(3, 7, 8, 10, 11, 15, 16, 19, 20)), "one error per broken line: " + lines);
    }

    /** Loads {@code broken/name} from a scratch copy and returns its errors with the scratch path as $DIR. */
    static List<String> errorsOf(String name, Path dir) throws IOException, URISyntaxException {
        Files.createDirectories(dir.resolve("store-dir/adir"));
        Files.writeString(dir.resolve("store-dir/afile"), "x");
        Files.writeString(dir.resolve("plainfile"), "x");
        Path yaml = dir.resolve(name);
        Files.copy(brokenDir().resolve(name), yaml);
        ConfigResult result = ConfigLoader.load(yaml);
        assertFalse(result.isValid(), name + " should be invalid");
        String scratch = dir.toString();
        return result.errors().stream().map(e -> e.toString().replace(scratch, "$DIR")).toList();
    }

    private static Path brokenDir() throws URISyntaxException {
        return Path.of(BrokenConfigTableTest.class.getResource("/broken").toURI());
    }
}
