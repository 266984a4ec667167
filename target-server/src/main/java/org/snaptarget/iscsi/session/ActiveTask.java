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
    /** Aborted by task management: its completion is dropped, no response is sent (RFC 7143 §11.5.1). */
    boolean aborted;

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
