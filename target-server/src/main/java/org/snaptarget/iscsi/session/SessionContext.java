package org.snaptarget.iscsi.session;

import org.snaptarget.scsi.ItNexus;
import org.snaptarget.scsi.ScsiTargetDevice;


/**
 * Everything the full-feature phase of one connection needs from the login that created it.
 *
 * @param discovery      a discovery session: only Text, Logout and NOP are allowed (RFC 7143 §4.3)
 * @param nexus          the I_T nexus ({@code null} for discovery)
 * @param device         the target's SCSI device ({@code null} for discovery)
 * @param settings       the negotiated transfer limits
 * @param cid            the connection's CID (Logout "close connection" must name it)
 * @param expCmdSN       the first CmdSN expected in full-feature phase
 * @param statSN         the next StatSN to send
 * @param textResponder  answers one complete Text Request's key=value data (RFC 7143 §11.10)
 * @param keepAlive      NOP-In ping schedule
 * @param onClose        called once on the event loop when the connection's session ends
 */
public record SessionContext(boolean discovery, ItNexus nexus, ScsiTargetDevice device, TransferSettings settings,
                             int cid, int expCmdSN, int statSN, TextResponder textResponder,
                             KeepAliveSettings keepAlive, Runnable onClose) {
}
