package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.snaptarget.e2e.harness.CommandResult;
import org.snaptarget.e2e.harness.ExternalCommand;

/**
 * sg3-utils programs carried into the linux-initiator VM, which has none: a scenario prefix that
 * unpacks this host's binaries (for example {@code sg_get_lba_status}, {@code sg_persist}) and
 * their {@code libsgutils2} into /tmp/sg (gzip + base64 here-documents; the VM's C library is
 * this host's, copied by the tool's prepare step). Run them in the VM as
 * {@code LD_LIBRARY_PATH=/tmp/sg /tmp/sg/NAME ... $DEV}.
 */
final class SgToolsInVm {

    private SgToolsInVm() {
    }

    /** Shell lines unpacking {@code tools} (names under /usr/bin) and their sg3-utils library. */
    static String unpackScript(String... tools) {
        Set<Path> files = new LinkedHashSet<>();
        for (String name : tools) {
            Path tool = Path.of("/usr/bin", name);
            if (!Files.isExecutable(tool)) {
                fail(name + " is not installed: install the Debian package sg3-utils");
            }
            files.add(tool);
            CommandResult ldd = ExternalCommand.of("ldd", tool.toString()).run();
            files.add(ldd.stdout().lines().filter(l -> l.contains("libsgutils2"))
                    .map(l -> Path.of(l.replaceAll(".*=>\\s*(\\S+).*", "$1"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no libsgutils2 among the libraries of " + tool + ":\n"
                                                          + ldd.stdout())));
        }
        StringBuilder script = new StringBuilder("mkdir -p /tmp/sg\n");
        for (Path file : files) {
            script.append(embed(file, "/tmp/sg/" + file.getFileName()));
        }
        for (String name : tools) {
            script.append("chmod 755 /tmp/sg/").append(name).append('\n');
        }
        return script.toString();
    }

    private static String embed(Path file, String target) {
        try {
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(packed)) {
                gz.write(Files.readAllBytes(file));
            }
            return "base64 -d <<'B64' | gunzip >" + target + "\n"
                   + Base64.getMimeEncoder().encodeToString(packed.toByteArray()).replace("\r", "") + "\nB64\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
