package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.snaptarget.e2e.harness.E2eEnvironment;

/**
 * Issue 5 item 2 with a file system and the Linux kernel initiator: ext4 is made and filled on the
 * origin LUN, a snapshot is taken through the CLI and exported read-only at run time, the origin's
 * files are then deleted and replaced, and the snapshot LUN, mounted read-only by the kernel,
 * still holds the original files with their checksums and passes {@code e2fsck -fn}; the origin
 * holds the new files.
 */
class SnapshotFilesystemE2ETest {

    private static final String IQN = ConfiguredServer.IQN;
    private static final String POOL = ConfiguredServer.POOL;
    private ConfiguredServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSnapshotMountedByTheKernelHoldsTheFilesOfItsPointInTime() {
        long begin = System.nanoTime();
        Path dir = E2eEnvironment.scratchDir("snapshot-filesystem");
        server = ConfiguredServer.start(dir, "64MiB", "256MiB", "64KiB");
        SnaptargetCli cli = new SnaptargetCli(server.config());

        String made = KernelScenario.runPassing(server, 0, dir, "fill-origin", """
                mkfs.ext4 -q -F $DEV
                mount -t ext4 $DEV /mnt
                mkdir /mnt/data
                for i in 1 2 3 4 5 6; do dd if=/dev/urandom of=/mnt/data/f$i bs=64k count=$((i * 3)) 2>/dev/null; done
                (cd /mnt/data && sha256sum f*) | while read -r sum name; do echo "SUM $name $sum"; done
                sync
                umount /mnt
                """);
        List<String> sums = made.lines().map(String::strip).filter(l -> l.startsWith("SUM ")).sorted().toList();
        assertEquals(6, sums.size(), () -> "six checksums printed:\n" + made);

        cli.ok("snapshot", "create", POOL, "before-change", "--read-only");
        cli.ok("lun", "add", IQN, "1", "--pool", POOL, "--snapshot", "before-change", "--read-only");

        KernelScenario.runPassing(server, 0, dir, "change-origin", """
                mount -t ext4 $DEV /mnt
                rm /mnt/data/f1 /mnt/data/f2
                dd if=/dev/urandom of=/mnt/data/f3 bs=64k count=9 2>/dev/null
                echo after >/mnt/data/new
                sync
                umount /mnt
                """);

        String checked = KernelScenario.runPassing(server, 1, dir, "read-snapshot", """
                [ "$(cat /sys/block/${DEV#/dev/}/ro)" = 1 ] || { echo "the snapshot LUN is not write-protected"; exit 1; }
                e2fsck -fn $DEV >/tmp/fsck.log 2>&1 || { cat /tmp/fsck.log; echo "fsck of the snapshot found problems"; exit 1; }
                mount -t ext4 -o ro $DEV /mnt
                [ ! -e /mnt/data/new ] || { echo "a file created after the snapshot is in it"; exit 1; }
                (cd /mnt/data && sha256sum f*) | while read -r sum name; do echo "SUM $name $sum"; done
                umount /mnt
                """);
        List<String> snapshotSums = checked.lines().map(String::strip).filter(l -> l.startsWith("SUM ")).sorted().toList();
        assertEquals(sums, snapshotSums, "the snapshot's files and checksums are those of its point in time");

        String origin = KernelScenario.runPassing(server, 0, dir, "read-origin", """
                mount -t ext4 -o ro $DEV /mnt
                ls /mnt/data | while read -r f; do echo "FILE $f"; done
                (cd /mnt/data && sha256sum f3) | while read -r sum name; do echo "SUM $name $sum"; done
                umount /mnt
                """);
        List<String> files = origin.lines().map(String::strip).filter(l -> l.startsWith("FILE ")).sorted().toList();
        assertEquals(List.of("FILE f3", "FILE f4", "FILE f5", "FILE f6", "FILE new"), files,
                () -> "the origin's files after the change:\n" + origin);
        String f3 = sums.stream().filter(l -> l.startsWith("SUM f3 ")).findFirst().orElseThrow();
        assertTrue(origin.lines().map(String::strip).noneMatch(f3::equals), "f3 was rewritten on the origin");
        System.out.printf("[e2e-snap] SnapshotFilesystemE2ETest took %.1f s%n", (System.nanoTime() - begin) / 1e9);
    }
}
