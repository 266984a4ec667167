package org.snaptarget.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever the text, loading answers with a model or with well-formed errors, never with an
 * exception: seeded random edits of the documented example (characters deleted, duplicated,
 * replaced by YAML punctuation, lines swapped) must each give either a valid result or errors that
 * point inside the file, one printable line each.
 */
class LoaderRobustnessTest {

    private static final String PUNCTUATION = ":-[]{},#&*!|>'\"%@` \t\n0aZ.";

    @TempDir
    Path dir;

    @Test
    void randomEditsOfTheExampleNeverThrowAndAlwaysPointInsideTheFile() throws Exception {
        String example = Files.readString(ExampleConfigTest.EXAMPLE);
        Path file = dir.resolve("fuzzed.yaml");
        Random random = new Random(20261125L);
        int invalid = 0;
        for (int round = 0; round < 400; round++) {
            String text = mutate(example, random, 1 + random.nextInt(4));
            ConfigResult result = ConfigLoader.parse(text, file, KnownSnapshots.UNKNOWN);
            assertTrue(result.isValid() == result.config().isPresent(), "round " + round);
            long lines = text.lines().count() + 1;
            for (ConfigError e : result.errors()) {
                assertTrue(e.line() >= 1 && e.line() <= lines && e.column() >= 1, "round " + round + ": " + e);
                assertFalse(e.message().isBlank(), "round " + round + ": " + e);
                assertTrue(e.message().chars().noneMatch(Character::isISOControl), "round " + round + ": " + e);
            }
            invalid += result.isValid() ? 0 : 1;
        }
        assertTrue(invalid > 120, "the edits should break most files, broke " + invalid);
    }

    @Test
    void nestingBeyondJacksonsLimitIsOneErrorNotACrash() {
        String deep = "a: " + "[".repeat(1500) + "]".repeat(1500) + "\n";

        ConfigResult result = ConfigLoader.parse(deep, dir.resolve("deep.yaml"), KnownSnapshots.UNKNOWN);

        assertEquals(1, result.errors().size());
        assertTrue(result.errors().getFirst().message().startsWith("YAML error: Document nesting depth"),
                result.errors().toString());
    }

    private static String mutate(String text, Random random, int edits) {
        StringBuilder b = new StringBuilder(text);
        for (int i = 0; i < edits && b.length() > 1; i++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(4)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, b.charAt(at));
                case 2 -> b.setCharAt(at, PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
                default -> {
                    String[] lines = b.toString().split("\n", -1);
                    int x = random.nextInt(lines.length);
                    int y = random.nextInt(lines.length);
                    String swap = lines[x];
                    lines[x] = lines[y];
                    lines[y] = swap;
                    b.setLength(0);
                    b.append(String.join("\n", lines));
                }
            }
        }
        return b.toString();
    }
}
