package org.snaptarget.config;

import java.util.Objects;

/**
 * An automatic snapshot schedule of one pool. Every {@code every}, the server takes a snapshot of
 * the origin named {@code prefix-yyyyMMdd-HHmmss} and then deletes the oldest snapshots of this
 * schedule beyond {@code keep}; snapshots it did not create (other prefixes, manual ones) are never
 * touched.
 *
 * @param every  at least {@link #MIN_EVERY}
 * @param keep   at least 1
 * @param prefix {@link NameRules#checkPrefix} spelling, distinct within the pool
 */
public record ScheduleSpec(Duration every, int keep, String prefix) {

    public static final Duration MIN_EVERY = Duration.ofMinutes(1);

    public ScheduleSpec {
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(prefix, "prefix");
    }
}
