package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.e2e.harness.TargetSpec.MIB;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.InquiryReport;
import org.snaptarget.e2e.harness.IscsiInq;
import org.snaptarget.e2e.harness.SnapTargetProcess;
import org.snaptarget.e2e.harness.TargetSpec;
import org.snaptarget.e2e.harness.TargetUnderTest;

/**
 * INQUIRY as libiscsi's iscsi-inq sees it: the standard data (SPC-4 §6.6.2) and the VPD pages
 * every host reads in its first second — 00h supported pages, 80h unit serial number, 83h device
 * identification (SPC-4 §7.8), B0h block limits, B1h block device characteristics, B2h logical
 * block provisioning (SBC-4 §6.6) — parse, carry self-consistent values, agree with READ
 * CAPACITY (16), and keep the disk's identity (serial number and NAA designator) across a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InquiryAndVpdTest {

    private static final long LUN_SIZE = 128 * MIB;

    private TargetUnderTest target;

    @BeforeAll
    void startTarget() {
        target = E2eEnvironment.selectedKind().start(TargetSpec.ofSize(LUN_SIZE), E2eEnvironment.scratchDir("inquiry"));
    }

    @AfterAll
    void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void standardInquiryDescribesAConnectedDirectAccessDisk() {
        InquiryReport inq = IscsiInq.standard(target.url());

        assertEquals("CONNECTED", inq.first("Peripheral Qualifier").orElse(""), inq::toString);
        assertEquals("DIRECT_ACCESS", inq.first("Peripheral Device Type").orElse(""), inq::toString);
        assertEquals("2", inq.first("ReponseDataFormat").orElse(""), inq::toString);  // iscsi-inq's spelling
        assertEquals("1", inq.first("HiSup").orElse(""), "HiSup must be set (Windows stops at 8 LUNs otherwise)");
        // VERSION (SPC-4 §6.6.2 Table 142): 5 = SPC-3, 6 = SPC-4, 7 = SPC-5. libiscsi 1.19 names only
        // up to SPC-3 and prints "6 unknown" for SPC-4, so the number is what counts.
        long version = inq.number("Version");
        assertTrue(version >= 5 && version <= 7, () -> "unexpected VERSION " + inq.first("Version").orElse(""));
        if (target instanceof SnapTargetProcess) {
            assertEquals(6, version, "SnapTarget claims SPC-4 (DESIGN.md §3)");
        }
        for (String field : List.of("Vendor", "Product", "Revision")) {
            String value = inq.first(field).orElse("");
            assertFalse(value.isBlank(), field + " is empty");
            assertTrue(value.chars().allMatch(c -> c >= 0x20 && c < 0x7f), field + " is not printable ASCII: " + value);
        }
    }

    @Test
    void supportedVpdPagesListEveryPageAHostReads() {
        InquiryReport page = IscsiInq.vpd(target.url(), 0x00);
        Set<String> listed = page.all("Page").stream().map(v -> v.strip().split(" ")[0]).collect(Collectors.toSet());

        for (String code : List.of("0x00", "0x80", "0x83", "0xb0", "0xb1", "0xb2")) {
            assertTrue(listed.contains(code), () -> "VPD 00h does not list page " + code + ":\n" + page);
        }
    }

    @Test
    void unitSerialNumberIsPrintableAndNotBlank() {
        String serial = serialNumber();

        assertFalse(serial.isBlank(), "VPD 80h serial number is blank");
        assertTrue(serial.chars().allMatch(c -> c >= 0x20 && c < 0x7f), () -> "serial is not ASCII: " + serial);
    }

    @Test
    void deviceIdentificationCarriesABinaryNaaDesignatorForTheLogicalUnit() {
        List<Designator> designators = designators(IscsiInq.vpd(target.url(), 0x83));
        Designator naa = designators.stream()
                .filter(d -> d.type().contains("NAA") && d.association().contains("LOGICAL_UNIT"))
                .findFirst().orElseThrow(() -> new AssertionError("no NAA designator for the logical unit: " + designators));

        assertTrue(naa.codeSet().contains("BINARY"), () -> "NAA designator code set: " + naa.codeSet());
        assertFalse(naa.value().isEmpty(), "empty NAA designator");
        int naaField = (naa.value().charAt(0) & 0xff) >> 4;
        assertTrue(Set.of(2, 3, 5, 6).contains(naaField), () -> "NAA field " + naaField + " is not 2, 3, 5 or 6");
    }

    @Test
    void blockLimitsAreSelfConsistent() {
        InquiryReport b0 = IscsiInq.vpd(target.url(), 0xb0);
        long maxTransfer = b0.number("maximum transfer length");
        long optimalTransfer = b0.number("optimal transfer length");
        long granularity = b0.number("optimal transfer length granularity");
        long maxUnmapLbas = b0.number("maximum unmap lba count");
        long maxUnmapDescriptors = b0.number("maximum unmap block descriptor count");
        long maxCompareAndWrite = b0.number("maximum compare and write length");

        if (maxTransfer > 0 && optimalTransfer > 0) {
            assertTrue(optimalTransfer <= maxTransfer, () -> "optimal transfer length > maximum:\n" + b0);
        }
        if (granularity > 0 && optimalTransfer > 0) {
            assertEquals(0, optimalTransfer % granularity, () -> "optimal length not a multiple of its granularity:\n" + b0);
        }
        assertEquals(maxUnmapLbas > 0, maxUnmapDescriptors > 0,
                () -> "UNMAP limits must be both zero or both non-zero:\n" + b0);
        assertTrue(maxCompareAndWrite <= 255, () -> "maximum compare and write length is a one-byte field:\n" + b0);
        assertTrue(maxTransfer == 0 || maxTransfer * 512 >= 64 * 1024,
                () -> "a maximum transfer below 64 KiB would cripple every host:\n" + b0);
    }

    @Test
    void blockDeviceCharacteristicsReportAValidRotationRate() {
        InquiryReport b1 = IscsiInq.vpd(target.url(), 0xb1);
        String rate = b1.first("Medium Rotation Rate").orElseThrow(() -> new AssertionError("no rotation rate:\n" + b1));

        if (!rate.isEmpty() && Character.isDigit(rate.charAt(0))) {
            long rpm = b1.number("Medium Rotation Rate");
            // SBC-4 Table 237: 0 not reported, 1 non-rotating, 0401h-FFFEh a rate in rpm.
            assertTrue(rpm == 0 || rpm == 1 || (rpm >= 0x401 && rpm <= 0xfffe), () -> "rotation rate " + rpm);
        }
    }

    @Test
    void provisioningPageAgreesWithReadCapacity16() {
        InquiryReport b2 = IscsiInq.vpd(target.url(), 0xb2);
        InquiryReport rc16 = IscsiInq.readCapacity16(target.url());
        long lbpu = b2.number("lbpu");
        long lbpws = b2.number("lbpws");
        long lbpws10 = b2.number("lbpws10");
        long lbprz = b2.number("lbprz");
        long provisioningType = b2.number("provisioning type");
        long lbpme = rc16.number("LBPME");
        long rc16Lbprz = rc16.number("LBPRZ");
        long blockLength = rc16.number("LOGICAL BLOCK LENGTH IN BYTES");

        assertTrue(provisioningType <= 2, () -> "provisioning type " + provisioningType);
        boolean anyUnmapMethod = (lbpu | lbpws | lbpws10) != 0;
        assertEquals(anyUnmapMethod ? 1 : 0, lbpme,
                () -> "LBPME in READ CAPACITY (16) must be set exactly when B2h offers an unmap method\n" + b2 + rc16);
        if (lbpme == 1) {
            assertTrue(provisioningType != 0, () -> "LBPME set but provisioning type 0:\n" + b2);
        }
        assertEquals(lbprz & 1, rc16Lbprz, () -> "LBPRZ differs between B2h and READ CAPACITY (16)\n" + b2 + rc16);
        assertTrue(blockLength == 512 || blockLength == 4096, () -> "block length " + blockLength);
        assertEquals(LUN_SIZE, rc16.number("Total size"), () -> "capacity differs from the LUN's size:\n" + rc16);
        assertEquals(LUN_SIZE / blockLength - 1, rc16.number("RETURNED LOGICAL BLOCK ADDRESS"), rc16::toString);
    }

    @Test
    void serialNumberAndNaaDesignatorSurviveARestart() {
        String serialBefore = serialNumber();
        List<Designator> before = designators(IscsiInq.vpd(target.url(), 0x83));

        long begin = System.nanoTime();
        target.restart();
        System.out.printf("[e2e] %s restart took %.2f s%n", target.name(), (System.nanoTime() - begin) / 1e9);
        if (target instanceof SnapTargetProcess snapTarget) {
            Integer exit = snapTarget.lastExitCode();
            assertTrue(exit != null && (exit == 0 || exit == 143),
                    () -> "SnapTarget must exit cleanly on SIGTERM (status 0 or 143), got " + exit);
        }

        assertEquals(serialBefore, serialNumber(), "VPD 80h serial number changed across a restart");
        assertEquals(before, designators(IscsiInq.vpd(target.url(), 0x83)),
                "VPD 83h designators changed across a restart (ESXi would take the volume for a copy)");
    }

    private String serialNumber() {
        String raw = IscsiInq.vpd(target.url(), 0x80).first("Unit Serial Number")
                .orElseThrow(() -> new AssertionError("iscsi-inq printed no serial number"));
        assertTrue(raw.startsWith("[") && raw.endsWith("]"), () -> "serial not bracketed: " + raw);
        return raw.substring(1, raw.length() - 1).strip();
    }

    /** One VPD 83h designation descriptor as iscsi-inq prints it (the value up to its first NUL byte). */
    record Designator(String codeSet, String association, String type, String value) {
    }

    private static List<Designator> designators(InquiryReport page) {
        List<Designator> result = new ArrayList<>();
        String codeSet = "";
        String association = "";
        String type = "";
        for (InquiryReport.Field f : page.fields()) {
            switch (f.name()) {
                case "Code Set" -> codeSet = f.value().strip();
                case "Association" -> association = f.value().strip();
                case "Designator Type" -> type = f.value().strip();
                case "Designator" -> {
                    String v = f.value();
                    String value = v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
                    result.add(new Designator(codeSet, association, type, value));
                }
                default -> { }
            }
        }
        if (result.isEmpty()) {
            throw new AssertionError("VPD 83h has no designators:\n" + page);
        }
        return result;
    }
}
