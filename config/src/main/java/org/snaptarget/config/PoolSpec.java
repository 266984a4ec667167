package org.snaptarget.config;

import java.util.List;
import java.util.Objects;

/**
 * One pool: an origin device written in place and the exception store holding its snapshots'
 * chunks (DESIGN.md §2).
 *
 * @param name      unique among pools; {@link NameRules} spelling
 * @param origin    the live volume
 * @param store     the shared exception store
 * @param chunkSize copy-on-write granularity: a power of two from 4KiB to 1MiB
 * @param schedules automatic snapshots, with distinct prefixes
 */
public record PoolSpec(String name, OriginSpec origin, StoreSpec store, Size chunkSize, List<ScheduleSpec> schedules) {

    public static final Size DEFAULT_CHUNK_SIZE = Size.ofBytes(64 * Size.KIB);
    public static final Size MIN_CHUNK_SIZE = Size.ofBytes(4 * Size.KIB);
    public static final Size MAX_CHUNK_SIZE = Size.ofBytes(Size.MIB);

    public PoolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(chunkSize, "chunkSize");
        schedules = List.copyOf(schedules);
    }
}
