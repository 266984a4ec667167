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
     */
    public record PoolView(String name, int chunkSize, long originBytes, long storeBytes, long usedBytes,
                           long freeBytes, int warnAtPercent, boolean softThresholdReached, int snapshots,
                           long exceptionEntries, long sweepBacklogBytes, boolean readOnly) {
    }
}
