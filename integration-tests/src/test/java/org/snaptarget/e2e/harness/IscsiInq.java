package org.snaptarget.e2e.harness;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;

/**
 * libiscsi's {@code iscsi-inq} and {@code iscsi-readcapacity16}: one login, one command, the
 * answer printed as {@code Name:value} lines. A non-zero exit is a test failure carrying the
 * tool's output.
 */
public final class IscsiInq {

    private IscsiInq() {
    }

    /** Standard INQUIRY data (SPC-4 §6.6.2). */
    public static InquiryReport standard(IscsiUrl url) {
        return parse(ExternalCommand.of(RequiredTool.ISCSI_INQ.path(), url.toString()).timeout(timeout()).run());
    }

    /** One VPD page (SPC-4 §7.8); iscsi-inq takes the page code in decimal. */
    public static InquiryReport vpd(IscsiUrl url, int pageCode) {
        return parse(ExternalCommand.of(RequiredTool.ISCSI_INQ.path(), "-e", "1", "-c", Integer.toString(pageCode),
                url.toString()).timeout(timeout()).run());
    }

    /** READ CAPACITY (16) parameter data (SBC-4 §5.20.2). */
    public static InquiryReport readCapacity16(IscsiUrl url) {
        return parse(ExternalCommand.of(RequiredTool.ISCSI_READCAPACITY16.path(), url.toString())
                .timeout(timeout()).run());
    }

    /** Runs iscsi-inq and returns the raw result, whatever the exit status (for refusal tests). */
    public static CommandResult attempt(IscsiUrl url) {
        return ExternalCommand.of(RequiredTool.ISCSI_INQ.path(), url.toString()).timeout(timeout()).run();
    }

    private static InquiryReport parse(CommandResult result) {
        if (!result.succeeded()) {
            fail("iSCSI client failed: " + result.describe());
        }
        return InquiryReport.parse(result.stdout());
    }

    private static Duration timeout() {
        return Duration.ofSeconds(30);
    }
}
