package org.snaptarget.scsi;

import io.netty.buffer.ByteBuf;

/**
 * One SCSI command as a transport hands it to the SCSI layer (SAM-5 §5.1 Execute Command).
 *
 * <p>Ownership: {@code dataOut} (nullable) is a retained buffer holding every byte the initiator
 * sent for this command (immediate, unsolicited and solicited data already reassembled, at most
 * {@code expectedTransferLength} bytes). Ownership passes to the SCSI layer, which releases it
 * exactly once, after the data is written or the command failed.
 *
 * @param nexus                  who asks, through which port
 * @param lun                    the 64-bit SAM LUN field as received (single-level: byte 1 or 14-bit flat space)
 * @param cdb                    the CDB (6..16 bytes, or longer with additional CDB AHS)
 * @param attribute              task attribute
 * @param taskTag                the transport's tag for the task (iSCSI ITT), used by task management
 * @param expectedTransferLength bytes the initiator expects to move (iSCSI EDTL); for bidirectional, the write length
 * @param readExpected           the initiator set the R (read) bit
 * @param writeExpected          the initiator set the W (write) bit
 * @param dataOut                write data, or {@code null} when the command carries none
 */
public record ScsiCommand(ItNexus nexus, long lun, byte[] cdb, TaskAttribute attribute, long taskTag,
                          int expectedTransferLength, boolean readExpected, boolean writeExpected, ByteBuf dataOut) {
}
