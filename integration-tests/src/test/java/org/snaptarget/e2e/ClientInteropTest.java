package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.e2e.harness.TargetSpec.MIB;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.snaptarget.e2e.harness.CommandResult;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.ExternalCommand;
import org.snaptarget.e2e.harness.IscsiUrl;
import org.snaptarget.e2e.harness.QemuIo;
import org.snaptarget.e2e.harness.RequiredTool;
import org.snaptarget.e2e.harness.TargetSpec;
import org.snaptarget.e2e.harness.TargetUnderTest;

/**
 * Clients nobody here wrote use the target as a disk: libiscsi's iscsi-ls (SendTargets
 * discovery, RFC 7143 §12.3 / Appendix C) and qemu's iscsi block driver (qemu-img convert,
 * qemu-io) write data and read it back verified, one session or eight at once.
 *
 * <p>One target for the class, a 256 MiB LUN. Each test owns a disjoint region, so the order the
 * tests run in does not matter: convert uses [0, 8 MiB), the pattern test [16 MiB, 64 MiB) and the
 * last MiB, the concurrent sessions [64 MiB, 192 MiB), the header-digest session [240 MiB, 244 MiB);
 * [192 MiB, 240 MiB) is never written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientInteropTest {

    private static final long LUN_SIZE = 256 * MIB;

    private TargetUnderTest target;
    private Path dir;

    @BeforeAll
    void startTarget() {
        RequiredTool.requireQemuIscsiDriver();
        dir = E2eEnvironment.scratchDir("client-interop");
        target = E2eEnvironment.selectedKind().start(TargetSpec.ofSize(LUN_SIZE), dir);
    }

    @AfterAll
    void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void sendTargetsDiscoveryListsTheTargetPortalAndItsDiskLun() {
        CommandResult ls = ExternalCommand.of(RequiredTool.ISCSI_LS.path(), "-s", target.url().portal()).run();

        assertTrue(ls.succeeded(), () -> ls.describe() + logs());
        String out = ls.stdout();
        assertTrue(out.contains("Target:" + TargetUnderTest.IQN + " Portal:127.0.0.1:" + target.port()),
                () -> "discovery does not list the target on its portal:\n" + out);
        assertTrue(out.lines().anyMatch(l -> l.strip().startsWith("Lun:" + target.lun() + " ")
                                            && l.contains("Type:DIRECT_ACCESS")),
                () -> "discovery does not show LUN " + target.lun() + " as a disk:\n" + out);
    }

    @Test
    void qemuImgConvertWritesARandomImageToTheLunAndReadsItBackIdentical() throws IOException {
        byte[] image = new byte[8 * (int) MIB];
        new Random(20261125L).nextBytes(image);
        Path source = Files.write(dir.resolve("random-8m.img"), image);
        Path back = dir.resolve("read-back-8m.img");
        IscsiUrl url = target.url();

        CommandResult in = ExternalCommand.of(RequiredTool.QEMU_IMG.path(), "convert", "-n", "-f", "raw", "-O", "raw",
                source.toString(), url.toString()).run();
        assertTrue(in.succeeded(), () -> in.describe() + logs());
        String firstEightMiB = "json:{\"driver\":\"raw\",\"size\":" + image.length + ",\"file\":{\"driver\":\"iscsi\","
                + "\"transport\":\"tcp\",\"portal\":\"127.0.0.1:" + url.port() + "\",\"target\":\"" + url.iqn()
                + "\",\"lun\":" + url.lun() + "}}";
        CommandResult out = ExternalCommand.of(RequiredTool.QEMU_IMG.path(), "convert", "-f", "raw", "-O", "raw",
                firstEightMiB, back.toString()).run();
        assertTrue(out.succeeded(), () -> out.describe() + logs());

        byte[] readBack = Files.readAllBytes(back);
        assertEquals(image.length, readBack.length, "read-back image length");
        assertArrayEquals(image, readBack, "the image read back over iSCSI differs from the one written");
    }

    @Test
    void qemuIoPatternsWrittenAtSeveralOffsetsAndSizesReadBackInANewSession() {
        long last = LUN_SIZE - MIB;
        List<String> writes = List.of(
                "write -P 0xab 16M 1M",          // aligned 1 MiB
                "write -P 0x5c 20M 4k",           // one 4 KiB block
                "write -P 0x3e 24577k 68k",       // 1 KiB-aligned start and odd length: read-modify-write in qemu
                "write -P 0xd1 30M 3584",         // seven 512-byte sectors
                "write -P 0x77 32M 8M",           // larger than any burst length: several R2Ts
                "write -P 0xe9 " + last + " 1M"); // the last MiB of the LUN
        List<String> reads = writes.stream().map(w -> w.replace("write", "read")).toList();

        List<String> sameSession = new ArrayList<>(writes);
        sameSession.addAll(reads);
        QemuIo.runVerified(target.url(), sameSession);

        List<String> freshSession = new ArrayList<>(reads);
        freshSession.add("read -P 0x00 200M 1M");           // never written: reads as zeros
        freshSession.add("read -P 0x00 20484k 4k");         // right after the 4 KiB write
        QemuIo.runVerified(target.url(), freshSession);
    }

    /**
     * qemu asks libiscsi for a CRC32C header digest (RFC 7143 §13.1); libiscsi's login trace must
     * show the target answering HeaderDigest=CRC32C, and the session's I/O must verify.
     */
    @Test
    void sessionWithCrc32cHeaderDigestWritesAndVerifies() {
        IscsiUrl digested = target.url().withHeaderDigest("crc32c");

        CommandResult run = QemuIo.verify(QemuIo.tracedCommand(digested, List.of("write -P 0x6d 240M 3M",
                "write -P 0x6e 243M 4k", "read -P 0x6d 240M 3M", "read -P 0x6e 243M 4k")).run());
        assertTrue(run.output().contains("TargetLoginReply: HeaderDigest=CRC32C"),
                () -> "the target did not agree to HeaderDigest=CRC32C:\n" + run.describe());
        QemuIo.runVerified(target.url(), List.of("read -P 0x6d 240M 3M", "read -P 0x6e 243M 4k"));
    }

    @Test
    void eightConcurrentSessionsEachWriteAndVerifyTheirOwnRegion() {
        int sessions = 8;
        long regionSize = 16 * MIB;
        long base = 64 * MIB;
        List<ExternalCommand.Started> running = new ArrayList<>();
        long begin = System.nanoTime();
        for (int s = 0; s < sessions; s++) {
            running.add(QemuIo.command(target.url(), sessionCommands(s, base + s * regionSize)).start());
        }
        List<CommandResult> results = running.stream().map(ExternalCommand.Started::await).toList();
        System.out.printf("[e2e] %d concurrent qemu-io sessions took %.2f s%n", sessions, (System.nanoTime() - begin) / 1e9);
        for (CommandResult r : results) {
            QemuIo.verify(r);
        }

        // One more session reads every region: no session's writes landed in another's region.
        List<String> crossCheck = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            sessionCommands(s, base + s * regionSize).stream()
                    .filter(c -> c.startsWith("write")).map(c -> c.replace("write", "read")).forEach(crossCheck::add);
        }
        QemuIo.runVerified(target.url(), crossCheck);
    }

    /** Session {@code s}: sixteen 1 MiB writes with patterns unique to (s, i), then reads of each. */
    private static List<String> sessionCommands(int s, long regionStart) {
        List<String> writes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int pattern = (s * 16 + i + 1) & 0xff;
            writes.add(String.format("write -P 0x%02x %d 1M", pattern, regionStart + i * MIB));
        }
        List<String> all = new ArrayList<>(writes);
        writes.forEach(w -> all.add(w.replace("write", "read")));
        return all;
    }

    private String logs() {
        return "\n--- " + target.name() + " log (tail) ---\n" + target.logTail(30);
    }
}
