package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.snaptarget.e2e.harness.CommandResult;
import org.snaptarget.e2e.harness.ExternalCommand;

/**
 * GET LBA STATUS (SBC-4 §5.8) sent by the Linux kernel initiator's disk: the linux-initiator VM has
 * no sg3-utils, so a scenario carries this host's {@code sg_get_lba_status} and its
 * {@code libsgutils2} inside itself (gzip, base64; the VM's C library is this host's), unpacks
 * them to /tmp/sg and runs {@code sg_get_lba_status --brief}, printing each descriptor line as
 * {@code GLS <lba_hex> <blocks_hex> <provisioning_status> <additional_status>}.
 */
final class LbaStatusProbe {

    /** One LBA status descriptor: {@code blocks} blocks from {@code lba}, provisioning status (0 mapped, 1 deallocated, 2 anchored). */
    record Descriptor(long lba, long blocks, int status) {
    }

    private static final Pattern LINE = Pattern.compile("GLS\\s+0x([0-9a-fA-F]+)\\s+0x([0-9a-fA-F]+)\\s+(\\d+)");

    private LbaStatusProbe() {
    }

    /** Shell lines that unpack sg_get_lba_status into /tmp/sg inside the VM. */
    static String unpackScript() {
        Path tool = Path.of("/usr/bin/sg_get_lba_status");
        if (!Files.isExecutable(tool)) {
            fail("sg_get_lba_status is not installed: install the Debian package sg3-utils");
        }
        CommandResult ldd = ExternalCommand.of("ldd", tool.toString()).run();
        Path lib = ldd.stdout().lines().filter(l -> l.contains("libsgutils2")).map(l -> l.replaceAll(".*=>\\s*(\\S+).*", "$1"))
                .map(Path::of).findFirst().orElseThrow(() -> new AssertionError("no libsgutils2 in\n" + ldd.stdout()));
        return "mkdir -p /tmp/sg\n" + embed(tool, "/tmp/sg/sg_get_lba_status") + embed(lib, "/tmp/sg/" + lib.getFileName())
               + "chmod 755 /tmp/sg/sg_get_lba_status\n";
    }

    /** Shell lines printing the descriptors from {@code lbaExpr} (a shell expression) with the GLS prefix. */
    static String reportScript(String lbaExpr) {
        return "LD_LIBRARY_PATH=/tmp/sg /tmp/sg/sg_get_lba_status --brief --maxlen=4096 --lba=" + lbaExpr
               + " $DEV >/tmp/gls.out || { cat /tmp/gls.out; echo \"GET LBA STATUS failed\"; exit 1; }\n"
               + "while read -r l; do echo \"GLS $l\"; done </tmp/gls.out\n";
    }

    static List<Descriptor> parse(String consoleOutput) {
        List<Descriptor> descriptors = new ArrayList<>();
        Matcher m = LINE.matcher(consoleOutput);
        while (m.find()) {
            descriptors.add(new Descriptor(Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16),
                    Integer.parseInt(m.group(3))));
        }
        return descriptors;
    }

    /** True when the descriptors with {@code status} together cover [from, to) blocks. */
    static boolean covers(List<Descriptor> descriptors, int status, long from, long to) {
        long next = from;
        boolean progressed = true;
        while (next < to && progressed) {
            progressed = false;
            for (Descriptor d : descriptors) {
                if (d.status() == status && d.lba() <= next && d.lba() + d.blocks() > next) {
                    next = d.lba() + d.blocks();
                    progressed = true;
                }
            }
        }
        return next >= to;
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
