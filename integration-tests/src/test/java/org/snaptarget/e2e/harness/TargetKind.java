package org.snaptarget.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The implementations a {@link TargetUnderTest} can be, and how to start each. */
public enum TargetKind {
    SNAPTARGET {
        @Override
        TargetUnderTest launch(TargetSpec spec, Path dir) {
            return SnapTargetProcess.start(spec, dir);
        }
    },
    TGT {
        @Override
        TargetUnderTest launch(TargetSpec spec, Path dir) {
            return TgtDaemon.start(spec, dir);
        }
    };

    /** Starts a target serving {@code spec}, keeping its data and log under {@code dir} (created if absent). */
    public TargetUnderTest start(TargetSpec spec, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return launch(spec, dir);
    }

    abstract TargetUnderTest launch(TargetSpec spec, Path dir);
}
