package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.e2e.harness.TargetSpec.MIB;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.LinuxInitiator;
import org.snaptarget.e2e.harness.LinuxInitiator.Verdict;
import org.snaptarget.e2e.harness.QemuIo;
import org.snaptarget.e2e.harness.SnapTargetProcess;
import org.snaptarget.e2e.harness.TargetSpec;

/**
 * Issue 4, "What it must show" item 4: the Linux kernel initiator (linux-initiator VM) runs the
 * SCSI layer's discard scenario, target-server/src/test/scenarios/discard.sh, against the embedded
 * default LUN: the kernel sees discard support (UNMAP limits in VPD B0, LBPME), {@code blkdiscard}
 * of 4 MiB reads back as zeros with its neighbours intact (LBPRZ), and ext4 mounted with
 * {@code -o discard} plus {@code fstrim} leaves a clean file system. A second scenario discards
 * [2 MiB, 6 MiB) of 8 MiB the kernel wrote, and a qemu-io session from the host then reads that
 * range as zeros and its neighbours as data. A third has the kernel's disk send GET LBA STATUS
 * (SBC-4 §5.8) after the same blkdiscard and requires the range reported deallocated; it is
 * disabled while the server reports every LBA of a store-backed LUN mapped (see its reason).
 */
class KernelDiscardE2ETest {

    @Test
    void blkdiscardAndFstrimOnTheKernelInitiatorFreeRangesThatReadBackAsZeros() throws Exception {
        long begin = System.nanoTime();
        Path scenario = E2eEnvironment.repoRoot().resolve("target-server/src/test/scenarios/discard.sh");
        assertTrue(Files.isRegularFile(scenario), "the SCSI layer's discard scenario is missing: " + scenario);
        Path dir = E2eEnvironment.scratchDir("kernel-discard");
        try (SnapTargetProcess target = SnapTargetProcess.start(TargetSpec.ofSize(256 * MIB), dir)) {
            Verdict verdict = LinuxInitiator.run(target, scenario, Optional.empty(), List.of());
            System.out.println(verdict.result().stdout().lines()
                    .filter(l -> l.contains("discard") || l.contains("LINUX-INITIATOR") || l.contains("fstrim")
                                 || l.contains("trimmed"))
                    .reduce("", (a, b) -> a + "[vm] " + b + "\n"));
            assertTrue(verdict.passed(), () -> "discard scenario: " + verdict.explain(target));
        }
        System.out.printf("[e2e-snap] KernelDiscardE2ETest took %.1f s%n", (System.nanoTime() - begin) / 1e9);
    }

    @Test
    void aRangeDiscardedByTheKernelReadsAsZerosInALaterHostSession() throws Exception {
        long begin = System.nanoTime();
        Path dir = E2eEnvironment.scratchDir("kernel-discard-host");
        Path scenario = dir.resolve("discard-only.sh");
        Files.writeString(scenario, """
                dd if=/dev/urandom of=/tmp/r bs=1M count=1 2>/dev/null
                for i in 0 1 2 3 4 5 6 7; do dd if=/tmp/r of=$DEV bs=1M seek=$i count=1 oflag=direct 2>/dev/null; done
                blkdiscard -o 2097152 -l 4194304 $DEV || { echo "blkdiscard failed"; exit 1; }
                sync
                echo "discarded [2 MiB, 6 MiB)"
                """);
        try (SnapTargetProcess target = SnapTargetProcess.start(TargetSpec.ofSize(64 * MIB), dir)) {
            Verdict verdict = LinuxInitiator.run(target, scenario, Optional.empty(), List.of());
            assertTrue(verdict.passed(), () -> "discard-only scenario: " + verdict.explain(target));
            assertNeighboursKeptAndRangeZeroed(target);
        }
        System.out.printf("[e2e-snap] KernelDiscardE2ETest host check took %.1f s%n", (System.nanoTime() - begin) / 1e9);
    }

    private static void assertNeighboursKeptAndRangeZeroed(SnapTargetProcess target) {
        QemuIo.runVerified(target.url(), List.of("read -P 0 2M 4M"));
        // The neighbours keep the random megabyte: not all zeros, so qemu-io's read -P 0 must fail there.
        QemuSession.requireFailure(QemuSession.attempt(target.url(), true, "read -P 0 1M 1M"),
                "the megabyte before the discarded range must keep its data");
        QemuSession.requireFailure(QemuSession.attempt(target.url(), true, "read -P 0 6M 1M"),
                "the megabyte after the discarded range must keep its data");
    }

    /**
     * The kernel discards [2 MiB, 6 MiB) of 8 MiB it wrote; GET LBA STATUS sent from the same disk
     * (sg_get_lba_status carried into the VM, {@link LbaStatusProbe}) reports that range
     * deallocated and the written megabytes around it mapped; afterwards a qemu-io session from
     * the host reads the range as zeros and its neighbours as data.
     */
    @Test
    void getLbaStatusReportsTheRangeTheKernelDiscardedAsDeallocated() throws Exception {
        long begin = System.nanoTime();
        Path dir = E2eEnvironment.scratchDir("kernel-discard-lba-status");
        Path scenario = dir.resolve("discard-lba-status.sh");
        Files.writeString(scenario, LbaStatusProbe.unpackScript() + """
                bs=$(cat /sys/block/${DEV#/dev/}/queue/logical_block_size)
                echo "GLS-BLOCK-SIZE $bs"
                dd if=/dev/urandom of=/tmp/r bs=1M count=1 2>/dev/null
                for i in 0 1 2 3 4 5 6 7; do dd if=/tmp/r of=$DEV bs=1M seek=$i count=1 oflag=direct 2>/dev/null; done
                blkdiscard -o 2097152 -l 4194304 $DEV || { echo "blkdiscard failed"; exit 1; }
                sync
                echo "discarded [2 MiB, 6 MiB)"
                """ + LbaStatusProbe.reportScript("0") + LbaStatusProbe.reportScript("$((6291456 / bs))"));
        try (SnapTargetProcess target = SnapTargetProcess.start(TargetSpec.ofSize(64 * MIB), dir)) {
            Verdict verdict = LinuxInitiator.run(target, scenario, Optional.empty(), List.of());
            assertTrue(verdict.passed(), () -> "discard + GET LBA STATUS scenario: " + verdict.explain(target));
            String console = verdict.result().stdout();
            Matcher bsLine = Pattern.compile("GLS-BLOCK-SIZE (\\d+)").matcher(console);
            assertTrue(bsLine.find(), () -> "no block size line:\n" + console);
            long bs = Long.parseLong(bsLine.group(1));
            List<LbaStatusProbe.Descriptor> descriptors = LbaStatusProbe.parse(console);
            System.out.println("[e2e-snap] GET LBA STATUS descriptors (block size " + bs + "): " + descriptors);
            assertTrue(LbaStatusProbe.covers(descriptors, 1, 2 * MIB / bs, 6 * MIB / bs),
                    () -> "GET LBA STATUS must report [2 MiB, 6 MiB) deallocated: " + descriptors);
            assertTrue(LbaStatusProbe.covers(descriptors, 0, 0, 2 * MIB / bs),
                    () -> "GET LBA STATUS must report the written [0, 2 MiB) mapped: " + descriptors);
            assertTrue(LbaStatusProbe.covers(descriptors, 0, 6 * MIB / bs, 8 * MIB / bs),
                    () -> "GET LBA STATUS must report the written [6 MiB, 8 MiB) mapped: " + descriptors);

            assertNeighboursKeptAndRangeZeroed(target);
        }
        System.out.printf("[e2e-snap] KernelDiscardE2ETest GET LBA STATUS check took %.1f s%n", (System.nanoTime() - begin) / 1e9);
    }
}
