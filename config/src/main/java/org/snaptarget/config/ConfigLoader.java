package org.snaptarget.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads a SnapTarget YAML configuration (DESIGN.md §4) and validates it, reporting every problem
 * at once as {@code file:line:column: message}, sorted by position. The keys, defaults and rules
 * are documented where they are checked: {@link ConfigBinder} (top level), {@link PoolBinder},
 * {@link TargetBinder}, {@link PathChecker}, and the value types {@link Size}, {@link Duration},
 * {@link Percent}, {@link Iqn}, {@link HostPort}, {@link NameRules}.
 *
 * <p>A YAML syntax error stops the reading (the parser cannot resume after one) and is then the
 * only error reported; every other kind of error is collected alongside the rest.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Loads and validates {@code file}, knowing nothing about existing snapshots. */
    public static ConfigResult load(Path file) throws IOException {
        return load(file, KnownSnapshots.UNKNOWN);
    }

    /**
     * Loads and validates {@code file}; LUNs naming a snapshot are also checked against
     * {@code known}.
     *
     * @throws IOException when the file cannot be read or is not UTF-8 text
     */
    public static ConfigResult load(Path file, KnownSnapshots known) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text", e);
        }
        return parse(text, file, known);
    }

    /**
     * Validates YAML text as if read from {@code file}: messages name {@code file} as given, and a
     * relative {@code dataDir} resolves against its directory.
     */
    public static ConfigResult parse(String yaml, Path file, KnownSnapshots known) {
        return parse(yaml, file, known, FileProbe.LOCAL);
    }

    /** As {@link #parse(String, Path, KnownSnapshots)}, asking {@code probe} about paths. */
    static ConfigResult parse(String yaml, Path file, KnownSnapshots known, FileProbe probe) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(known, "known");
        Diagnostics diagnostics = new Diagnostics();
        String text = yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml;
        Optional<Node> root = new YamlTreeReader(diagnostics).read(text);
        ConfigBinder binder = new ConfigBinder(diagnostics, file.toAbsolutePath().normalize(), known, probe);
        SnapTargetConfig config = root.map(binder::bind).orElse(null);
        if (diagnostics.hasErrors()) {
            return new ConfigResult(Optional.empty(), diagnostics.sorted(file.toString()));
        }
        return new ConfigResult(Optional.of(Objects.requireNonNull(config, "config")), List.of());
    }
}
