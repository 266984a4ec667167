package org.snaptarget.iscsi.session;

import org.snaptarget.iscsi.pdu.ScsiCommandPdu;

/**
 * One SCSI task of a connection, from its SCSI Command PDU until its final response (RFC 7143
 * §4.2.5). While {@code transfer} is non-null the task is still collecting write data; once
 * submitted it is executing in the SCSI layer.
 */
final class ActiveTask {
    final int initiatorTaskTag;
    final long lun;
    final int cmdSN;
    final ResponseComposer.Command command;
    final byte[] cdb;
    final int attribute;
    WriteTransfer transfer;
    boolean submitted;
    /** Aborted before it reached the SCSI layer, or its connection ended: no response is sent. */
    boolean aborted;
    /**
     * This connection asked the SCSI layer to abort it: a TASK ABORTED completion is dropped (RFC 7143
     * §4.2.3.3), any other completion means the task finished first and is answered normally.
     */
    boolean abortRequested;
    /** A task management request naming it is still with the SCSI layer: its completion waits in {@link #held}. */
    boolean abortPending;
    /** Completion that arrived while {@link #abortPending}; sent or dropped when the function is answered. */
    org.snaptarget.scsi.ScsiResponse held;
    int heldR2tCount;

    ActiveTask(ScsiCommandPdu pdu) {
        this.initiatorTaskTag = pdu.initiatorTaskTag();
        this.lun = pdu.lun();
        this.cmdSN = pdu.cmdSN();
        this.cdb = pdu.cdb();
        this.attribute = pdu.attribute();
        this.command = new ResponseComposer.Command(pdu.initiatorTaskTag(), pdu.lun(),
                pdu.expectedDataTransferLength(), pdu.read(), pdu.write());
    }

    /** Releases write data still being collected. */
    void dropTransfer() {
        if (transfer != null) {
            transfer.release();
            transfer = null;
        }
    }
}
