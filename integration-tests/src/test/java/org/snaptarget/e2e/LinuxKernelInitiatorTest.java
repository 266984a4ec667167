package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.e2e.harness.TargetSpec.MIB;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.snaptarget.e2e.harness.ChapCredentials;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.LinuxInitiator;
import org.snaptarget.e2e.harness.LinuxInitiator.Verdict;
import org.snaptarget.e2e.harness.TargetSpec;
import org.snaptarget.e2e.harness.TargetUnderTest;

/**
 * The Linux kernel initiator (open-iscsi's iscsi_tcp in a small VM, ../shared/tools/linux-initiator)
 * uses the target as a disk: the shipped smoke scenario (16 MiB verified O_DIRECT I/O, mkfs.ext4,
 * mount, files, umount, e2fsck clean, checksums after remount) without CHAP, with CHAP, and with
 * CRC32C header and data digests (checked in sysfs to be really negotiated); verified direct I/O
 * over a mutual-CHAP login; the readonly scenario against a read-only LUN; and a wrong CHAP secret
 * refused. Each VM run takes 7-30 s here (TCG).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinuxKernelInitiatorTest {

    private static final long LUN_SIZE = 128 * MIB;
    private static final ChapCredentials HOST = new ChapCredentials("linuxhost", "kernel-chap-001");
    private static final ChapCredentials TARGET = new ChapCredentials("snaptarget", "target-chap-002");

    private TargetUnderTest plain;
    private TargetUnderTest chap;
    private TargetUnderTest readOnly;
    private TargetUnderTest mutual;
    private Path dir;

    @BeforeAll
    void startTargets() {
        dir = E2eEnvironment.scratchDir("linux-initiator");
        plain = E2eEnvironment.selectedKind().start(TargetSpec.ofSize(LUN_SIZE), dir.resolve("plain"));
        chap = E2eEnvironment.selectedKind().start(TargetSpec.ofSize(LUN_SIZE).withChap(HOST), dir.resolve("chap"));
        readOnly = E2eEnvironment.selectedKind().start(TargetSpec.ofSize(LUN_SIZE).asReadOnly(), dir.resolve("ro"));
        mutual = E2eEnvironment.selectedKind().start(TargetSpec.ofSize(LUN_SIZE).withChap(HOST).withMutualChap(TARGET),
                dir.resolve("mutual"));
    }

    @AfterAll
    void stopTargets() {
        for (TargetUnderTest t : new TargetUnderTest[] {plain, chap, readOnly, mutual}) {
            if (t != null) {
                t.close();
            }
        }
    }

    @Test
    void smokeScenarioPassesWithoutAuthentication() {
        assertPasses(plain, LinuxInitiator.run(plain, LinuxInitiator.shippedScenario("smoke.sh"), Optional.empty(),
                List.of()), "smoke");
    }

    @Test
    void smokeScenarioPassesWithChap() {
        assertPasses(chap, LinuxInitiator.run(chap, LinuxInitiator.shippedScenario("smoke.sh"), Optional.empty(),
                List.of()), "smoke with CHAP");
    }

    @Test
    void smokeScenarioPassesWithCrc32cHeaderAndDataDigests() throws IOException {
        Path scenario = dir.resolve("digests-smoke.sh");
        Files.writeString(scenario, resource("scenarios/require-crc32c-digests.sh")
                + Files.readString(LinuxInitiator.shippedScenario("smoke.sh")));
        Verdict verdict = LinuxInitiator.run(plain, scenario, Optional.empty(), List.of(
                "--param", "node.conn[0].iscsi.HeaderDigest=CRC32C",
                "--param", "node.conn[0].iscsi.DataDigest=CRC32C"));
        assertPasses(plain, verdict, "smoke with CRC32C digests");
    }

    @Test
    void mutualChapLoginCarriesVerifiedDirectIo() throws IOException {
        Path scenario = Files.writeString(dir.resolve("direct-io-verify.sh"), resource("scenarios/direct-io-verify.sh"));
        assertPasses(mutual, LinuxInitiator.run(mutual, scenario, Optional.empty(), List.of()), "mutual CHAP direct I/O");
    }

    @Test
    void readonlyScenarioSeesAWriteProtectedDisk() {
        assertPasses(readOnly, LinuxInitiator.run(readOnly, LinuxInitiator.shippedScenario("readonly.sh"),
                Optional.empty(), List.of()), "readonly");
    }

    @Test
    void wrongChapSecretIsRefused() {
        Verdict verdict = LinuxInitiator.run(chap, LinuxInitiator.shippedScenario("smoke.sh"),
                Optional.of(HOST.withSecret("wrong-secret-99")), List.of("--expect-login-failure"));
        assertPasses(chap, verdict, "wrong CHAP secret refused");
    }

    private static void assertPasses(TargetUnderTest target, Verdict verdict, String what) {
        System.out.printf("[e2e] linux-initiator %s against %s: %s (%s s)%n", what, target.name(), verdict.line(),
                verdict.result().seconds());
        assertTrue(verdict.passed(), () -> verdict.explain(target));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LinuxKernelInitiatorTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
