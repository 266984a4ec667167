package org.snaptarget.scsi;

/** SAM-5 §8.6 task attributes, as carried in the iSCSI SCSI Command PDU's ATTR field (RFC 7143 §11.3.1). */
public enum TaskAttribute {
    UNTAGGED, SIMPLE, ORDERED, HEAD_OF_QUEUE, ACA;

    /** Decodes the 3-bit iSCSI ATTR field: 0 untagged, 1 simple, 2 ordered, 3 head of queue, 4 ACA; others are SIMPLE per the RFC's reserved handling. */
    public static TaskAttribute fromIscsiAttr(int attr) {
        return switch (attr & 7) {
            case 0 -> UNTAGGED;
            case 2 -> ORDERED;
            case 3 -> HEAD_OF_QUEUE;
            case 4 -> ACA;
            default -> SIMPLE;
        };
    }
}
