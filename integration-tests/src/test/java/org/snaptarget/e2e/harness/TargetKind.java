package org.snaptarget.e2e.harness;

import java.nio.file.Path;

/** The implementations a {@link TargetUnderTest} can be, and how to start each. */
public enum TargetKind {
    SNAPTARGET {
        @Override
        public TargetUnderTest start(TargetSpec spec, Path dir) {
            return SnapTargetProcess.start(spec, dir);
        }
    },
    TGT {
        @Override
        public TargetUnderTest start(TargetSpec spec, Path dir) {
            return TgtDaemon.start(spec, dir);
        }
    };

    /** Starts a target serving {@code spec}, keeping its data and log under {@code dir}. */
    public abstract TargetUnderTest start(TargetSpec spec, Path dir);
}
