package org.snaptarget.scsi;

/** SAM-5 §7 task management functions, with their iSCSI function codes (RFC 7143 §11.5.1). */
public enum TaskManagementFunction {
    ABORT_TASK(1), ABORT_TASK_SET(2), CLEAR_ACA(3), CLEAR_TASK_SET(4), LOGICAL_UNIT_RESET(5),
    TARGET_WARM_RESET(6), TARGET_COLD_RESET(7), TASK_REASSIGN(8);

    private final int iscsiCode;

    TaskManagementFunction(int iscsiCode) {
        this.iscsiCode = iscsiCode;
    }

    public int iscsiCode() {
        return iscsiCode;
    }

    /** @return the function, or {@code null} for an unknown code (the transport answers "function not supported") */
    public static TaskManagementFunction fromIscsiCode(int code) {
        for (TaskManagementFunction f : values()) {
            if (f.iscsiCode == code) {
                return f;
            }
        }
        return null;
    }
}
