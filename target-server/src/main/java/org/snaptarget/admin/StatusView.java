package org.snaptarget.admin;

import java.util.List;

/** The whole server at one instant: sessions, LUNs, pools. */
public record StatusView(List<SessionView> sessions, List<LunView> luns, List<PoolView> pools) {

    /** One logged-in iSCSI session. */
    public record SessionView(String initiator, String isid, String target, String remoteAddress, int tsih,
                              String type) {
    }

    /**
     * One pool's usage.
     *
     * @param softThresholdReached used space passed {@code store.warnAt}
     * @param sweepBacklogBytes    bytes deleted snapshots still hold until the sweep frees them
     * @param commits              store commits since the pool was opened
     * @param snapshotPauses       what snapshot creates cost the pool's writers
     */
    public record PoolView(String name, int chunkSize, long originBytes, long storeBytes, long usedBytes,
                           long freeBytes, int warnAtPercent, boolean softThresholdReached, int snapshots,
                           long exceptionEntries, long sweepBacklogBytes, boolean readOnly, long commits,
                           PauseView snapshotPauses) {
    }

    /**
     * The write pauses of a pool's snapshot creates since it was opened (issue 5: no pause longer
     * than one commit; {@code org.snaptarget.metrics.SnapshotPauses}).
     *
     * @param pauses               snapshot creates, each one pause of the pool's writes
     * @param commits              store commits completed inside those pauses (the bound: one each)
     * @param maxCommitsInOnePause the most commits a single pause held
     * @param maxPauseNanos        the longest pause, waiting for writes in flight included
     * @param maxCommitNanos       the longest commit that completed inside a pause
     */
    public record PauseView(long pauses, long commits, long maxCommitsInOnePause, long maxPauseNanos,
                            long maxCommitNanos) {
    }
}
