package org.snaptarget.e2e.harness;

import java.util.Optional;

/**
 * What the tests ask of a target under test, independent of which implementation serves it:
 * one target with one disk LUN of {@code sizeBytes}, optionally CHAP (one-way, or mutual when
 * {@code targetChap} is present) and optionally read-only.
 */
public record TargetSpec(long sizeBytes, Optional<ChapCredentials> chap,
                         Optional<ChapCredentials> targetChap, boolean readOnly) {

    public static final long MIB = 1024L * 1024;

    public TargetSpec {
        if (sizeBytes <= 0 || sizeBytes % 4096 != 0) {
            throw new IllegalArgumentException("LUN size must be a positive multiple of 4 KiB: " + sizeBytes);
        }
        if (targetChap.isPresent() && chap.isEmpty()) {
            throw new IllegalArgumentException("mutual CHAP needs initiator CHAP credentials too");
        }
    }

    public static TargetSpec ofSize(long sizeBytes) {
        return new TargetSpec(sizeBytes, Optional.empty(), Optional.empty(), false);
    }

    public TargetSpec withChap(ChapCredentials initiator) {
        return new TargetSpec(sizeBytes, Optional.of(initiator), targetChap, readOnly);
    }

    public TargetSpec withMutualChap(ChapCredentials target) {
        return new TargetSpec(sizeBytes, chap, Optional.of(target), readOnly);
    }

    public TargetSpec asReadOnly() {
        return new TargetSpec(sizeBytes, chap, targetChap, true);
    }
}
