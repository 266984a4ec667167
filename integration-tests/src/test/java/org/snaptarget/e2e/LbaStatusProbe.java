package org.snaptarget.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET LBA STATUS (SBC-4 §5.8) sent by the Linux kernel initiator's disk: a scenario carries this
 * host's {@code sg_get_lba_status} into the VM ({@link SgToolsInVm}) and runs it with
 * {@code --brief}, printing each descriptor line as
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
        return SgToolsInVm.unpackScript("sg_get_lba_status");
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
}
