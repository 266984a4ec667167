package org.snaptarget.server.runtime;

import org.snaptarget.admin.LunView;
import org.snaptarget.lun.StoreBlockDevice;
import org.snaptarget.metrics.MeteredBlockDevice;

/**
 * One exported LUN: which target and number, which pool device, and the devices the SCSI layer
 * sees (the store device wrapped in its metering decorator).
 *
 * @param target   the target's name as configured
 * @param snapshot {@code null} for the pool's origin
 */
record Export(String target, int lun, String pool, String snapshot, boolean readOnly, StoreBlockDevice device,
              MeteredBlockDevice metered) {

    /** {@code TARGET/LUN}, as refusals and snapshot listings name it. */
    String address() {
        return target + "/" + lun;
    }

    LunView view() {
        return new LunView(target, lun, pool, snapshot, device.readOnly(), device.identity().naaHex(),
                device.identity().serial());
    }
}
