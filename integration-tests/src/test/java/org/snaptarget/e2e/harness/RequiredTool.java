package org.snaptarget.e2e.harness;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The external programs the end-to-end tests drive, each with the Debian package that provides
 * it. A missing program is a test failure that names the package to install, never a skip:
 * a green run must mean the clients really ran.
 */
public enum RequiredTool {
    ISCSI_LS("iscsi-ls", "libiscsi-bin"),
    ISCSI_INQ("iscsi-inq", "libiscsi-bin"),
    ISCSI_READCAPACITY16("iscsi-readcapacity16", "libiscsi-bin"),
    ISCSI_TEST_CU("iscsi-test-cu", "libiscsi-bin"),
    QEMU_IMG("qemu-img", "qemu-utils"),
    QEMU_IO("qemu-io", "qemu-utils"),
    TGTD("tgtd", "tgt"),
    TGTADM("tgtadm", "tgt");

    private final String binary;
    private final String debianPackage;

    RequiredTool(String binary, String debianPackage) {
        this.binary = binary;
        this.debianPackage = debianPackage;
    }

    /** The absolute path of the program, or a test failure saying which package to install. */
    public String path() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail(binary + " is not installed: install the Debian package " + debianPackage
                    + " (apt-get install " + debianPackage + "; .ci/run does this)");
    }

    /**
     * Fails unless qemu has its iSCSI block driver, which Debian ships separately from
     * qemu-utils in qemu-block-extra.
     */
    public static void requireQemuIscsiDriver() {
        CommandResult help = ExternalCommand.of(QEMU_IMG.path(), "--help").run();
        boolean listed = help.stdout().lines()
                .filter(l -> l.startsWith("Supported formats:"))
                .anyMatch(l -> List.of(l.split("\\s+")).contains("iscsi"));
        if (!listed) {
            fail("qemu-img has no iscsi block driver: install the Debian package qemu-block-extra"
                 + " (apt-get install qemu-block-extra; .ci/run does this)");
        }
    }
}
