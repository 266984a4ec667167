package org.snaptarget.e2e.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The iscsi-inq / iscsi-readcapacity16 output parser. */
class InquiryReportTest {

    @Test
    void lineOfUpperCasePairsGivesOneFieldPerPair() {
        InquiryReport r = InquiryReport.parse("LBPME:1 LBPRZ:1\nLOGICAL BLOCK LENGTH IN BYTES:512\n");

        assertEquals(1, r.number("LBPME"));
        assertEquals(1, r.number("LBPRZ"));
        assertEquals(512, r.number("LOGICAL BLOCK LENGTH IN BYTES"));
    }

    @Test
    void valueKeepsEverythingAfterTheFirstColon() {
        InquiryReport r = InquiryReport.parse("Version:5 ANSI INCITS 408-2005 (SPC-3)\nPage:0x80 UNIT_SERIAL_NUMBER\n"
                                              + "Page:0x83 DEVICE_IDENTIFICATION\n");

        assertEquals("5 ANSI INCITS 408-2005 (SPC-3)", r.first("Version").orElseThrow());
        assertEquals(List.of("0x80 UNIT_SERIAL_NUMBER", "0x83 DEVICE_IDENTIFICATION"), r.all("Page"));
    }

    @Test
    void numberReadsTheLeadingDigitsAndRejectsText() {
        InquiryReport r = InquiryReport.parse("Medium Rotation Rate:0RPM\nVendor:IET\n");

        assertEquals(0, r.number("Medium Rotation Rate"));
        assertThrows(AssertionError.class, () -> r.number("Vendor"));
        assertThrows(AssertionError.class, () -> r.number("absent"));
    }
}
