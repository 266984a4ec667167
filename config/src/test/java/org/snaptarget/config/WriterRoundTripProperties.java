package org.snaptarget.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever valid model the server holds, {@link ConfigWriter} writes YAML that {@link ConfigLoader}
 * reads back to an equal model: strings that YAML would otherwise type as booleans, nulls or numbers,
 * strings full of YAML punctuation and non-ASCII text, every size and duration spelling. (Writing
 * the file itself is covered by {@code ConfigWriterTest}; here the text is parsed directly.)
 */
class WriterRoundTripProperties {

    private static Path dir;

    @BeforeContainer
    static void createScratch() throws IOException {
        dir = Files.createTempDirectory("config-roundtrip");
    }

    @AfterContainer
    static void deleteScratch() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Property(tries = 60)
    void everyValidModelSurvivesWriteThenLoad(@ForAll("models") SnapTargetConfig model) {
        String yaml = ConfigWriter.toYaml(model);

        ConfigResult loaded = ConfigLoader.parse(yaml, dir.resolve("roundtrip.yaml"), KnownSnapshots.UNKNOWN);

        assertEquals(List.of(), loaded.errors(), yaml);
        assertEquals(model, loaded.orThrow());
    }

    @Provide
    Arbitrary<SnapTargetConfig> models() {
        Arbitrary<List<String>> poolNames = names(NameRules.MAX_NAME).list().ofMinSize(1).ofMaxSize(3)
                .uniqueElements();
        return poolNames.flatMap(names -> Combinators.combine(
                Arbitraries.of(List.of(new HostPort("0.0.0.0", 3260)), List.of(new HostPort("::1", 3260),
                        new HostPort("10.1.2.3", 3261)), List.of(new HostPort("san.example.com", 0))),
                pools(names),
                targets(names)).as((portals, pools, targets) -> new SnapTargetConfig(dir.resolve("data"), portals,
                new AdminSpec(new HostPort("localhost", 3280)), pools, targets)));
    }

    private static Arbitrary<String> names(int max) {
        Arbitrary<Character> first = Arbitraries.chars().alpha().numeric();
        Arbitrary<String> rest = Arbitraries.strings().alpha().numeric().withChars("._-").ofMaxLength(max - 1);
        return Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    /** Text that YAML would mistype unless quoted, plus punctuation and non-ASCII letters. */
    private static Arbitrary<String> awkwardText(int min, int max) {
        return Arbitraries.oneOf(
                Arbitraries.of("yes", "no", "on", "off", "true", "null", "~", "0x1F", "1e3", "012", "- a", "a: b",
                        "#x", "[1]", "{}", "'q'", "\"q\"", "*a", "&a", "!t", "%", "@", "`").map(s -> pad(s, min)),
                Arbitraries.strings().ascii().excludeChars(asciiControls()).ofMinLength(min).ofMaxLength(max),
                Arbitraries.strings().withChars("äöüßéλЖ漢字 -:#").ofMinLength(min).ofMaxLength(max))
                .filter(s -> s.length() >= min && s.length() <= max && !s.isBlank());
    }

    private static String pad(String s, int min) {
        return s.length() >= min ? s : s + "x".repeat(min - s.length());
    }

    private static char[] asciiControls() {
        char[] c = new char[33];
        for (int i = 0; i < 32; i++) {
            c[i] = (char) i;
        }
        c[32] = 127;
        return c;
    }

    private static Arbitrary<List<PoolSpec>> pools(List<String> names) {
        List<Arbitrary<PoolSpec>> pools = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            pools.add(pool(names.get(i), i));
        }
        return Combinators.combine(pools).as(List::copyOf);
    }

    private static Arbitrary<PoolSpec> pool(String name, int index) {
        Arbitrary<Size> chunk = Arbitraries.integers().between(12, 20).map(shift -> Size.ofBytes(1L << shift));
        Arbitrary<Size> origin = Arbitraries.longs().between(2048, 1L << 33)
                .map(sectors -> Size.ofBytes(sectors * OriginSpec.SECTOR));
        Arbitrary<List<ScheduleSpec>> schedules = names(NameRules.MAX_PREFIX).list().ofMaxSize(3).uniqueElements()
                .flatMap(prefixes -> Combinators.combine(prefixes.stream().map(p -> Combinators.combine(
                        Arbitraries.longs().between(60, 40L * 86_400), Arbitraries.integers().between(1, 100_000))
                        .as((every, keep) -> new ScheduleSpec(Duration.ofSeconds(every), keep, p))).toList())
                        .as(List::copyOf));
        return Combinators.combine(chunk, origin, Arbitraries.integers().between(1, 99), Arbitraries.longs()
                .between(0, 1L << 30), schedules).as((c, o, warn, extra, s) -> new PoolSpec(name,
                new OriginSpec(dir.resolve("data/o" + index), o),
                new StoreSpec(dir.resolve("data/s" + index), Size.ofBytes(StoreSpec.minimumFor(c).bytes() + extra),
                        new Percent(warn)), c, s));
    }

    private static Arbitrary<List<TargetSpec>> targets(List<String> poolNames) {
        Arbitrary<String> suffix = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars(".-:")
                .ofMinLength(1).ofMaxLength(40).filter(s -> !s.endsWith(":"));
        return suffix.list().ofMaxSize(3).uniqueElements().flatMap(suffixes -> Combinators.combine(
                suffixes.stream().map(s -> target(Iqn.parse("iqn.2026-11.org.snaptarget:" + s), poolNames)).toList())
                .as(List::copyOf));
    }

    private static Arbitrary<TargetSpec> target(Iqn iqn, List<String> poolNames) {
        Arbitrary<Optional<String>> alias = awkwardText(1, 60).optional();
        Arbitrary<Optional<ChapSpec>> chap = Combinators.combine(awkwardText(1, 30), awkwardText(12, 16))
                .as(ChapSpec::new).optional();
        Arbitrary<List<Iqn>> initiators = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20)
                .map(s -> Iqn.parse("iqn.1993-08.org.debian:01:" + s)).list().ofMaxSize(3).uniqueElements();
        Arbitrary<List<LunSpec>> luns = Arbitraries.integers().between(0, LunSpec.MAX_LUN).list().ofMaxSize(4)
                .uniqueElements().flatMap(numbers -> Combinators.combine(numbers.stream().map(n -> Combinators.combine(
                        Arbitraries.of(poolNames), names(NameRules.MAX_NAME).optional(), Arbitraries.of(true, false))
                        .as((pool, snapshot, readOnly) -> new LunSpec(n, pool, snapshot, readOnly))).toList())
                        .as(List::copyOf));
        return Combinators.combine(alias, chap, awkwardText(12, 16), awkwardText(1, 30), initiators, luns)
                .as((a, c, mutualSecret, mutualUser, i, l) -> new TargetSpec(iqn, a, c,
                        c.filter(one -> !one.secret().equals(mutualSecret))
                                .map(one -> new ChapSpec(mutualUser, mutualSecret)), i, l));
    }
}
