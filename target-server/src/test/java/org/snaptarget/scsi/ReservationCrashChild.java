package org.snaptarget.scsi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

import org.snaptarget.lun.FileBlockDevice;

/**
 * Child JVM for {@link ReservationCrashTest}: re-registers with APTPL=1 under ever-increasing keys
 * and prints {@code ok <key>} after each GOOD, until it is killed.
 */
public final class ReservationCrashChild {

    private ReservationCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        try (FileBlockDevice device = new FileBlockDevice(file, 1 << 20)) {
            LogicalUnitTable table = new LogicalUnitTable(Map.of(0L, device), Runnable::run, TargetInfo.SNAPTARGET,
                    UnpooledByteBufAllocator.DEFAULT);
            Long persisted = table.unit(0).reservations().state().keyOf(TestTarget.NEXUS);
            long key = persisted == null ? 0 : persisted;
            for (long next = key + 1; ; next++) {
                byte[] p = new byte[24];
                for (int i = 0; i < 8; i++) {
                    p[i] = (byte) (key >>> (56 - 8 * i));
                    p[8 + i] = (byte) (next >>> (56 - 8 * i));
                }
                p[20] = 0x01;                                               // APTPL
                List<ScsiResponse> out = new ArrayList<>();
                table.execute(new ScsiCommand(TestTarget.NEXUS, 0, new byte[] {0x5F, 0, 0, 0, 0, 0, 0, 0, 24, 0},
                        TaskAttribute.SIMPLE, next, 24, false, true, Unpooled.wrappedBuffer(p)), out::add);
                int status = out.get(0).status();
                if (status == ScsiResponse.CHECK_CONDITION && (out.get(0).sense()[2] & 0x0F) == 6) {
                    next--;                                                 // the power-on unit attention
                    continue;
                }
                if (status != ScsiResponse.GOOD) {
                    System.out.println("status " + status);
                    System.exit(2);
                }
                key = next;
                System.out.println("ok " + key);
                System.out.flush();
            }
        }
    }
}
