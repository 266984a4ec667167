package org.snaptarget.scsi;

import java.util.function.Consumer;

/**
 * A SCSI target device (SAM-5 §4.6.1): a set of logical units reached through one or more target
 * ports. The transport (iSCSI) is its only caller; this package never imports the transport.
 *
 * <p>Threading: {@link #execute} is called on the connection's event loop and must not block it.
 * Commands that touch storage run on the device's bounded storage executor; cheap ones may
 * complete inline. {@code completion} is called exactly once, on any thread; the transport hops
 * back to its event loop.
 */
public interface ScsiTargetDevice {

    /** Executes one command. */
    void execute(ScsiCommand command, Consumer<ScsiResponse> completion);

    /**
     * Performs a task management function (SAM-5 §7). Tasks it aborts complete with
     * {@link ScsiResponse#TASK_ABORTED} or are dropped as the function requires; {@code done} gets the
     * service response: 0 function complete, 1 task does not exist, 2 LUN does not exist,
     * 5 function not supported, 255 function rejected (RFC 7143 §11.6.1 codes).
     *
     * @param referencedTaskTag for ABORT TASK, the tag of the task to abort
     */
    void taskManagement(ItNexus nexus, TaskManagementFunction function, long lun, long referencedTaskTag,
                        Consumer<Integer> done);

    /** The nexus is gone (session ended): drop its queued unit attentions' transient state, abort its tasks. */
    void nexusLost(ItNexus nexus);

    /**
     * The sense format the LU addressed by {@code lun} (the CDB's 8-byte LUN field) returns, for sense
     * the transport builds itself (a Data-Out digest error, a broken data phase): descriptor format
     * when its Control mode page has D_SENSE set (SPC-4 §7.5.8), fixed otherwise and where there is
     * no such LU.
     */
    default org.snaptarget.scsi.sense.SenseFormat senseFormat(ItNexus nexus, long lun) {
        return org.snaptarget.scsi.sense.SenseFormat.FIXED;
    }
}
