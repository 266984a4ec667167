package org.snaptarget.scsi.sense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.snaptarget.scsi.ScsiResponse;

class SenseResponderTest {

    @Test
    void bareReasonIsEighteenBytesFixedFormatWithoutValidOrSksv() {
        byte[] s = SenseResponder.fixedFormat(SenseReason.LBA_OUT_OF_RANGE);
        assertArrayEquals(new byte[] {
            0x70, 0,            // response code 70h (current, fixed), VALID=0; obsolete
            0x05,               // sense key ILLEGAL REQUEST
            0, 0, 0, 0,         // INFORMATION (not valid)
            10,                 // additional sense length
            0, 0, 0, 0,         // command-specific information
            0x21, 0x00,         // ASC/ASCQ LOGICAL BLOCK ADDRESS OUT OF RANGE
            0,                  // FRU code
            0, 0, 0             // sense-key specific: SKSV=0
        }, s);
    }

    @Test
    void informationSetsValidBitAndBigEndianField() {
        byte[] s = SenseResponder.fixedFormat(SenseException.withInformation(SenseReason.MISCOMPARE_DURING_VERIFY_OPERATION, 0x01020304L));
        assertEquals((byte) 0xF0, s[0]);
        assertEquals(0x0E, s[2]);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, java.util.Arrays.copyOfRange(s, 3, 7));
        assertEquals(0x1D, s[12]);
    }

    @Test
    void cdbFieldPointerWithBitSetsSksvCdBpv() {
        byte[] s = SenseResponder.fixedFormat(SenseException.invalidCdbField(0x0102, 6));
        assertEquals((byte) (0x80 | 0x40 | 0x08 | 6), s[15]);
        assertEquals(0x01, s[16]);
        assertEquals(0x02, s[17]);
        assertEquals(0x24, s[12]);
    }

    @Test
    void parameterListFieldPointerHasCdClearAndNoBpvForWholeByte() {
        byte[] s = SenseResponder.fixedFormat(SenseException.invalidParameterField(9));
        assertEquals((byte) 0x80, s[15]);
        assertEquals(9, s[17]);
        assertEquals(0x26, s[12]);
    }

    @Test
    void checkConditionResponseCarriesSenseAndNoData() {
        ScsiResponse r = SenseResponder.checkCondition(SenseReason.WRITE_PROTECTED, SenseFormat.FIXED);
        assertEquals(ScsiResponse.CHECK_CONDITION, r.status());
        assertNull(r.dataIn());
        assertEquals(0x07, r.sense()[2]);
        assertEquals(0x27, r.sense()[12]);
    }

    @Test
    void checkConditionInDescriptorFormatUsesResponseCode72() {
        ScsiResponse r = SenseResponder.checkCondition(SenseReason.WRITE_PROTECTED, SenseFormat.DESCRIPTOR);
        assertArrayEquals(new byte[] {0x72, 0x07, 0x27, 0x00, 0, 0, 0, 0}, r.sense());
    }

    @Test
    void bareReasonInDescriptorFormatIsTheEightByteHeaderAlone() {
        byte[] s = SenseResponder.descriptorFormat(SenseException.of(SenseReason.LBA_OUT_OF_RANGE));
        assertArrayEquals(new byte[] {
            0x72,               // response code 72h (current, descriptor format)
            0x05,               // sense key ILLEGAL REQUEST
            0x21, 0x00,         // ASC/ASCQ LOGICAL BLOCK ADDRESS OUT OF RANGE
            0, 0, 0,            // reserved
            0                   // additional sense length: no descriptors
        }, s);
    }

    @Test
    void informationBecomesAnInformationDescriptorWithTheFull64BitValue() {
        byte[] s = SenseResponder.descriptorFormat(
                SenseException.withInformation(SenseReason.MISCOMPARE_DURING_VERIFY_OPERATION, 0x0102030405060708L));
        assertArrayEquals(new byte[] {
            0x72, 0x0E, 0x1D, 0x00, 0, 0, 0,
            12,                 // additional sense length: one 12-byte descriptor
            0x00,               // descriptor type: information
            0x0A,               // additional length
            (byte) 0x80,        // VALID
            0,                  // reserved
            1, 2, 3, 4, 5, 6, 7, 8
        }, s);
    }

    @Test
    void fieldPointerBecomesASenseKeySpecificDescriptorWithTheSameThreeBytes() {
        SenseException e = SenseException.invalidCdbField(0x0102, 6);
        byte[] s = SenseResponder.descriptorFormat(e);
        assertArrayEquals(new byte[] {
            0x72, 0x05, 0x24, 0x00, 0, 0, 0,
            8,                  // additional sense length: one 8-byte descriptor
            0x02,               // descriptor type: sense key specific
            0x06,               // additional length
            0, 0,               // reserved
            (byte) (0x80 | 0x40 | 0x08 | 6),    // SKSV, C/D (CDB), BPV, bit 6
            0x01, 0x02,         // field pointer
            0                   // reserved
        }, s);
        byte[] fixed = SenseResponder.fixedFormat(e);
        assertArrayEquals(java.util.Arrays.copyOfRange(fixed, 15, 18), java.util.Arrays.copyOfRange(s, 12, 15));
    }

    @Test
    void informationWiderThanFourBytesIsLeftOutOfFixedFormatButKeptInDescriptorFormat() {
        SenseException e = SenseException.withInformation(SenseReason.LBA_OUT_OF_RANGE, 0x1_0000_0000L);
        byte[] fixed = SenseResponder.fixedFormat(e);
        assertEquals(0x70, fixed[0], "VALID=0: the value does not fit");
        assertArrayEquals(new byte[4], java.util.Arrays.copyOfRange(fixed, 3, 7));
        ParsedSense descriptor = ParsedSense.parse(SenseResponder.descriptorFormat(e));
        assertEquals(true, descriptor.informationValid());
        assertEquals(0x1_0000_0000L, descriptor.information());
    }

    @Test
    void segmentPointerAndInformationEachTravelInTheirOwnDescriptor() {
        SenseException e = SenseException.withInformation(SenseReason.MISCOMPARE_DURING_VERIFY_OPERATION, 7);
        byte[] both = SenseResponder.descriptorFormat(SenseException.parameterField(SenseReason.COPY_ABORTED, 20));
        ParsedSense copy = ParsedSense.parse(both);
        assertEquals(20, copy.fieldPointer());
        assertEquals(0x80, copy.senseKeySpecific()[0] & 0xFF, "SKSV, segment pointer in the parameter list");
        ParsedSense miscompare = ParsedSense.parse(SenseResponder.descriptorFormat(e));
        assertEquals(7, miscompare.information());
        assertNull(miscompare.senseKeySpecific());
    }

    @Test
    void bothFormatsCarryTheSameKeyAscAscqInformationAndPointerForEveryReason() {
        for (SenseReason reason : SenseReason.values()) {
            for (SenseException e : new SenseException[] {SenseException.of(reason), SenseException.withInformation(reason, 0xFFFF_FFFFL),
                    SenseException.parameterField(reason, 513)}) {
                ParsedSense fixed = ParsedSense.parse(SenseResponder.build(e, SenseFormat.FIXED));
                ParsedSense descriptor = ParsedSense.parse(SenseResponder.build(e, SenseFormat.DESCRIPTOR));
                assertEquals(SenseFormat.FIXED, fixed.format());
                assertEquals(SenseFormat.DESCRIPTOR, descriptor.format());
                assertEquals(List.of(reason.senseKey(), reason.asc(), reason.ascq()),
                        List.of(descriptor.key(), descriptor.asc(), descriptor.ascq()), reason.name());
                assertEquals(List.of(fixed.key(), fixed.asc(), fixed.ascq()),
                        List.of(descriptor.key(), descriptor.asc(), descriptor.ascq()), reason.name());
                assertEquals(fixed.informationValid(), descriptor.informationValid(), reason.name());
                assertEquals(fixed.information(), descriptor.information(), reason.name());
                assertEquals(fixed.fieldPointer(), descriptor.fieldPointer(), reason.name());
            }
        }
    }

    @Test
    void everyReasonHasADistinctKeyAscAscqTriple() {
        Set<Integer> seen = new HashSet<>();
        for (SenseReason r : SenseReason.values()) {
            int code = (r.senseKey() << 16) | (r.asc() << 8) | r.ascq();
            assertEquals(true, seen.add(code), r + " duplicates another reason");
        }
    }
}
