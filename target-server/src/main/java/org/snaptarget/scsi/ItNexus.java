package org.snaptarget.scsi;

/**
 * An I_T nexus (SAM-5 §4.6): the pairing of one initiator port with one target port. Persistent
 * reservations, registrations and unit attentions are kept per nexus.
 *
 * @param initiatorPortName iSCSI initiator port name: {@code InitiatorName + ",i,0x" + ISID (12 hex digits)} (RFC 7143 §4.2.7.1)
 * @param targetPortName    iSCSI target port name: {@code TargetName + ",t,0x" + TPGT (4 hex digits)}
 * @param relativeTargetPortId the relative target port identifier reported in VPD 83 (1-based)
 */
public record ItNexus(String initiatorPortName, String targetPortName, int relativeTargetPortId) {

    /** The initiator's device name (the part before ",i,"), used by ACLs and copy-manager checks. */
    public String initiatorName() {
        int comma = initiatorPortName.indexOf(",i,");
        return comma < 0 ? initiatorPortName : initiatorPortName.substring(0, comma);
    }
}
