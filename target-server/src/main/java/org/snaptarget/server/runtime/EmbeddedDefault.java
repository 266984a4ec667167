package org.snaptarget.server.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.snaptarget.config.AdminSpec;
import org.snaptarget.config.ChapSpec;
import org.snaptarget.config.HostPort;
import org.snaptarget.config.Iqn;
import org.snaptarget.config.LunSpec;
import org.snaptarget.config.OriginSpec;
import org.snaptarget.config.PoolSpec;
import org.snaptarget.config.Size;
import org.snaptarget.config.SnapTargetConfig;
import org.snaptarget.config.StoreSpec;
import org.snaptarget.config.TargetSpec;

/**
 * The configuration {@code snaptarget serve} runs without {@code --config} (DESIGN.md §4): data
 * directory {@code ./snaptarget-data}; one pool {@value #POOL} with a sparse 1 GiB origin
 * ({@code default.origin}) and a store ({@code default.store}) twice the origin's size — room for
 * every chunk of the origin to be copied out twice (e.g. one full-rewrite snapshot plus one
 * writable snapshot rewritten in full) before the store fills, while costing nothing until used,
 * since the files are sparse; 64 KiB chunks; soft threshold 80 %; target {@value #TARGET} with
 * LUN 0 = the origin; portal 127.0.0.1:3260; admin endpoint 127.0.0.1:3280. The serve flags
 * override the parts they name ({@link Options}).
 *
 * <p>The values are checked as a configuration file's would be (IQN syntax, CHAP secrets of 12–16
 * characters, sizes), with {@link IllegalArgumentException}s naming the flag's value.
 */
public final class EmbeddedDefault {

    public static final String TARGET = "iqn.2026-11.org.snaptarget:default";
    public static final String POOL = "default";
    public static final Path DATA_DIR = Path.of("snaptarget-data");
    public static final long ORIGIN_SIZE = Size.GIB;
    public static final String PORTAL = "127.0.0.1:3260";
    /** Store size as a multiple of the origin's. */
    public static final int STORE_FACTOR = 2;

    /**
     * What the serve flags may change.
     *
     * @param dataDir    {@code --data-dir}
     * @param portals    {@code --portal} (repeatable), {@code host:port}, {@code [ipv6]:port}, or a host alone for port 3260
     * @param originSize {@code --size} in bytes
     * @param target     {@code --target}
     * @param chap       {@code --chap-user/--chap-secret}
     * @param mutualChap {@code --mutual-chap-user/--mutual-chap-secret}
     * @param initiators {@code --initiator} (repeatable); empty admits every initiator
     * @param readOnly   {@code --read-only}: LUN 0 refuses writes
     */
    public record Options(Path dataDir, List<String> portals, long originSize, String target, Optional<ChapSpec> chap,
                          Optional<ChapSpec> mutualChap, List<String> initiators, boolean readOnly) {

        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(chap, "chap");
            Objects.requireNonNull(mutualChap, "mutualChap");
            portals = List.copyOf(portals);
            initiators = List.copyOf(initiators);
        }

        /** Every default, as {@code snaptarget serve} with no flag. */
        public static Options defaults() {
            return new Options(DATA_DIR, List.of(PORTAL), ORIGIN_SIZE, TARGET, Optional.empty(), Optional.empty(),
                    List.of(), false);
        }
    }

    private EmbeddedDefault() {
    }

    /** The default configuration with every default. */
    public static SnapTargetConfig config() {
        return config(Options.defaults());
    }

    /**
     * The default configuration with the flags applied.
     *
     * @throws IllegalArgumentException naming a bad flag value
     */
    public static SnapTargetConfig config(Options o) {
        if (o.originSize() < OriginSpec.MIN_SIZE.bytes() || o.originSize() % OriginSpec.SECTOR != 0) {
            throw new IllegalArgumentException("--size " + Size.ofBytes(o.originSize()) + ": must be at least "
                    + OriginSpec.MIN_SIZE + " and a multiple of " + OriginSpec.SECTOR + " bytes");
        }
        if (o.portals().isEmpty()) {
            throw new IllegalArgumentException("--portal: at least one portal is needed");
        }
        o.chap().ifPresent(c -> checkChap("--chap-secret", c));
        o.mutualChap().ifPresent(c -> checkChap("--mutual-chap-secret", c));
        if (o.mutualChap().isPresent() && o.chap().isEmpty()) {
            throw new IllegalArgumentException("mutual CHAP needs --chap-user and --chap-secret as well");
        }
        Path dataDir = o.dataDir().toAbsolutePath().normalize();
        Size chunk = PoolSpec.DEFAULT_CHUNK_SIZE;
        long storeBytes = Math.max(Math.multiplyExact(o.originSize(), STORE_FACTOR), StoreSpec.minimumFor(chunk).bytes());
        storeBytes = (storeBytes + chunk.bytes() - 1) / chunk.bytes() * chunk.bytes();
        PoolSpec pool = new PoolSpec(POOL, new OriginSpec(dataDir.resolve(POOL + ".origin"), Size.ofBytes(o.originSize())),
                new StoreSpec(dataDir.resolve(POOL + ".store"), Size.ofBytes(storeBytes), StoreSpec.DEFAULT_WARN_AT),
                chunk, List.of());
        TargetSpec target = new TargetSpec(iqn("--target", o.target()), Optional.empty(), o.chap(), o.mutualChap(),
                o.initiators().stream().map(i -> iqn("--initiator", i)).toList(),
                List.of(new LunSpec(0, POOL, Optional.empty(), o.readOnly())));
        List<HostPort> portals = o.portals().stream().map(EmbeddedDefault::portal).toList();
        return new SnapTargetConfig(dataDir, portals, new AdminSpec(AdminSpec.DEFAULT_LISTEN), List.of(pool),
                List.of(target));
    }

    private static HostPort portal(String text) {
        try {
            boolean hasPort = text.startsWith("[") ? text.contains("]:") : text.contains(":");
            return HostPort.parse(hasPort ? text : text + ":3260");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--portal " + text + ": " + e.getMessage(), e);
        }
    }

    private static Iqn iqn(String flag, String text) {
        try {
            return Iqn.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(flag + " " + text + ": " + e.getMessage(), e);
        }
    }

    private static void checkChap(String flag, ChapSpec c) {
        int n = c.secret().length();
        if (n < ChapSpec.MIN_SECRET || n > ChapSpec.MAX_SECRET) {
            throw new IllegalArgumentException(flag + ": a CHAP secret has " + ChapSpec.MIN_SECRET + " to "
                    + ChapSpec.MAX_SECRET + " characters (the Microsoft initiator refuses others), this one has " + n);
        }
        if (c.user().isEmpty()) {
            throw new IllegalArgumentException(flag + ": the CHAP user name is empty");
        }
    }
}
